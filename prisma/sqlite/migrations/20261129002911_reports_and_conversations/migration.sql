-- CreateTable
CREATE TABLE "Conversation" (
    "personId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
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
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Report_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Report_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReportRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ReportRevision_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReportRevision_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "reportId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "photoId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'open',
    "foundAt" DATETIME NOT NULL,
    "rectifiedAt" DATETIME,
    "rectifiedById" INTEGER,
    "rectifyNote" TEXT NOT NULL DEFAULT '',
    "rectifyPhotoId" INTEGER,
    "alertedAt" DATETIME,
    CONSTRAINT "Hazard_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Hazard_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Photo" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "mediaId" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TargetProgress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "value" REAL,
    "done" BOOLEAN,
    "doneOn" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "period" TEXT NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "TargetProgress_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "PlanTarget" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TargetProgress_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "TargetProgress_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchoolTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Report_kind_period_idx" ON "Report"("kind", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Report_kind_unitId_period_subject_key" ON "Report"("kind", "unitId", "period", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "ReportRevision_reportId_revision_key" ON "ReportRevision"("reportId", "revision");

-- CreateIndex
CREATE INDEX "Hazard_status_idx" ON "Hazard"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Hazard_unitId_number_key" ON "Hazard"("unitId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Hazard_reportId_position_key" ON "Hazard"("reportId", "position");

-- CreateIndex
CREATE INDEX "TargetProgress_targetId_unitId_at_idx" ON "TargetProgress"("targetId", "unitId", "at");

-- CreateIndex
CREATE INDEX "TargetProgress_unitId_period_idx" ON "TargetProgress"("unitId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolTerm_startDate_endDate_key" ON "SchoolTerm"("startDate", "endDate");
