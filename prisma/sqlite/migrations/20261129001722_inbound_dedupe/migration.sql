-- CreateTable
CREATE TABLE "InboundDedupe" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "fromUser" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);

-- CreateIndex
CREATE INDEX "InboundDedupe_receivedAt_idx" ON "InboundDedupe"("receivedAt");
