-- CreateTable
CREATE TABLE "AbandonedForm" (
    "personId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "until" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UnitFact" (
    "unitId" INTEGER NOT NULL,
    "fact" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("unitId", "fact")
);

-- CreateIndex
CREATE INDEX "AbandonedForm_until_idx" ON "AbandonedForm"("until");
