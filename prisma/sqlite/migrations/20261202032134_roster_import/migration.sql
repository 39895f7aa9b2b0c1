-- CreateTable
CREATE TABLE "RosterImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "replace" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "RosterImport_status_idx" ON "RosterImport"("status");
