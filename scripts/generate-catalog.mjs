// Placeholder until the catalog generator lands: creates an empty data folder so the build runs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
export async function ensureCatalog({ root }) {
  mkdirSync(join(root, 'server/src/iam/catalog/data'), { recursive: true });
}
