-- CreateTable
CREATE TABLE "InboundDedupe" (
    "key" TEXT NOT NULL,
    "fromUser" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "InboundDedupe_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "InboundDedupe_receivedAt_idx" ON "InboundDedupe"("receivedAt");
