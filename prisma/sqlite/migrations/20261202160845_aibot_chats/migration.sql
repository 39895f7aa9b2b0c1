-- CreateTable
CREATE TABLE "AibotChat" (
    "useridKey" TEXT NOT NULL PRIMARY KEY,
    "userid" TEXT NOT NULL,
    "lastAt" DATETIME NOT NULL
);
