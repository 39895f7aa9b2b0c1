-- CreateTable
CREATE TABLE "RosterImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "replace" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RosterImportRows" (
    "importId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rows" TEXT NOT NULL,
    CONSTRAINT "RosterImportRows_importId_fkey" FOREIGN KEY ("importId") REFERENCES "RosterImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RosterImport_status_idx" ON "RosterImport"("status");
