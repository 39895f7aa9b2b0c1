-- CreateTable
CREATE TABLE "Conversation" (
    "personId" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "data" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "submittedById" INTEGER NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRevision" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReportRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" SERIAL NOT NULL,
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
    "foundAt" TIMESTAMP(3) NOT NULL,
    "rectifiedAt" TIMESTAMP(3),
    "rectifiedById" INTEGER,
    "rectifyNote" TEXT NOT NULL DEFAULT '',
    "rectifyPhotoId" INTEGER,
    "alertedAt" TIMESTAMP(3),

    CONSTRAINT "Hazard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Photo" (
    "id" SERIAL NOT NULL,
    "mediaId" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Photo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetProgress" (
    "id" SERIAL NOT NULL,
    "targetId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "value" DOUBLE PRECISION,
    "done" BOOLEAN,
    "doneOn" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "period" TEXT NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TargetProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolTerm" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolTerm_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRevision" ADD CONSTRAINT "ReportRevision_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRevision" ADD CONSTRAINT "ReportRevision_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hazard" ADD CONSTRAINT "Hazard_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hazard" ADD CONSTRAINT "Hazard_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetProgress" ADD CONSTRAINT "TargetProgress_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "PlanTarget"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetProgress" ADD CONSTRAINT "TargetProgress_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetProgress" ADD CONSTRAINT "TargetProgress_byId_fkey" FOREIGN KEY ("byId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
