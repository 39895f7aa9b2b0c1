-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "audience" TEXT NOT NULL DEFAULT 'missing',
    "groupId" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" SERIAL NOT NULL,
    "content" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "groupId" INTEGER NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Firing" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'fired',

    CONSTRAINT "Firing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderSent" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "unitIds" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderSent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Firing_job_scheduledFor_key" ON "Firing"("job", "scheduledFor");

-- CreateIndex
CREATE INDEX "ReminderSent_kind_period_idx" ON "ReminderSent"("kind", "period");
