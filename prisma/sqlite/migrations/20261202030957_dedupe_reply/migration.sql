-- AlterTable
ALTER TABLE "InboundDedupe" ADD COLUMN "reply" TEXT;
