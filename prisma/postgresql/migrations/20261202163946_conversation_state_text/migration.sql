-- AlterTable
ALTER TABLE "Conversation" ALTER COLUMN "state" SET DATA TYPE TEXT;
