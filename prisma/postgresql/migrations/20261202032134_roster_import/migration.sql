-- CreateTable
CREATE TABLE "RosterImport" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "replace" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RosterImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RosterImport_status_idx" ON "RosterImport"("status");
