-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);
