/**
 * Composes each provider's schema.prisma from prisma/models.prisma, the one
 * source of truth. The provider is a literal in a Prisma schema, so each
 * provider needs its own file; only the header differs.
 */
import { readFileSync } from "node:fs";
import { MODELS_FILE, type Provider } from "./providers.js";

const HEADER = (provider: Provider) => `// GENERATED from prisma/models.prisma by \`npm run db:compose\`: do not edit.
generator client {
  provider               = "prisma-client"
  output                 = "../../src/generated/${provider}"
  moduleFormat           = "esm"
  importFileExtension    = "js"
}

datasource db {
  provider = "${provider}"
}
`;

export function composeSchema(provider: Provider, models = readFileSync(MODELS_FILE, "utf8")): string {
  return `${HEADER(provider)}\n${models}`;
}
