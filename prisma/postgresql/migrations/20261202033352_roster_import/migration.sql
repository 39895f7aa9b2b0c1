-- CreateTable
CREATE TABLE "RosterImport" (
    "id" SERIAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "replace" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RosterImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterImportRows" (
    "importId" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,

    CONSTRAINT "RosterImportRows_pkey" PRIMARY KEY ("importId")
);

-- CreateIndex
CREATE INDEX "RosterImport_status_idx" ON "RosterImport"("status");

-- AddForeignKey
ALTER TABLE "RosterImportRows" ADD CONSTRAINT "RosterImportRows_importId_fkey" FOREIGN KEY ("importId") REFERENCES "RosterImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
