-- CreateTable
CREATE TABLE "KindVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kindId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "loadedBy" TEXT NOT NULL DEFAULT '',
    "changes" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "data" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "submittedById" INTEGER NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "kindVersion" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Report_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Report" ("data", "id", "kind", "late", "period", "revision", "subject", "submittedAt", "submittedById", "unitId", "updatedAt") SELECT "data", "id", "kind", "late", "period", "revision", "subject", "submittedAt", "submittedById", "unitId", "updatedAt" FROM "Report";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE INDEX "Report_kind_period_idx" ON "Report"("kind", "period");
CREATE UNIQUE INDEX "Report_kind_unitId_period_subject_key" ON "Report"("kind", "unitId", "period", "subject");
CREATE TABLE "new_ReportRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "kindVersion" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ReportRevision_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReportRevision_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReportRevision" ("at", "byId", "data", "id", "late", "reportId", "revision") SELECT "at", "byId", "data", "id", "late", "reportId", "revision" FROM "ReportRevision";
DROP TABLE "ReportRevision";
ALTER TABLE "new_ReportRevision" RENAME TO "ReportRevision";
CREATE UNIQUE INDEX "ReportRevision_reportId_revision_key" ON "ReportRevision"("reportId", "revision");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "KindVersion_kindId_version_key" ON "KindVersion"("kindId", "version");
