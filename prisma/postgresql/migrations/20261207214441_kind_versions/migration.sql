-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "kindVersion" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ReportRevision" ADD COLUMN     "kindVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "KindVersion" (
    "id" SERIAL NOT NULL,
    "kindId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "loadedBy" TEXT NOT NULL DEFAULT '',
    "changes" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KindVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "KindVersion_kindId_version_key" ON "KindVersion"("kindId", "version");
