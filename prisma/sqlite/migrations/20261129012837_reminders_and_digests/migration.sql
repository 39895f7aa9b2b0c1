-- CreateTable
CREATE TABLE "Reminder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "audience" TEXT NOT NULL DEFAULT 'missing',
    "groupId" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "content" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "groupId" INTEGER NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Firing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "firedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'fired'
);

-- CreateTable
CREATE TABLE "ReminderSent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "unitIds" JSONB NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Firing_job_scheduledFor_key" ON "Firing"("job", "scheduledFor");

-- CreateIndex
CREATE INDEX "ReminderSent_kind_period_idx" ON "ReminderSent"("kind", "period");
