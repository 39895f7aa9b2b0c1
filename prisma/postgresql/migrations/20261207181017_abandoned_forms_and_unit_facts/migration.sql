-- CreateTable
CREATE TABLE "AbandonedForm" (
    "personId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AbandonedForm_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "UnitFact" (
    "unitId" INTEGER NOT NULL,
    "fact" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitFact_pkey" PRIMARY KEY ("unitId","fact")
);

-- CreateIndex
CREATE INDEX "AbandonedForm_until_idx" ON "AbandonedForm"("until");
