-- CreateTable
CREATE TABLE "AibotChat" (
    "useridKey" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AibotChat_pkey" PRIMARY KEY ("useridKey")
);
