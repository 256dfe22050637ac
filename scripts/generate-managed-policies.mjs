// Placeholder until the managed-policy snapshot generator lands.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
export async function ensureManagedPolicies({ root }) {
  mkdirSync(join(root, 'server/src/iam/model/managedPolicies/data'), { recursive: true });
}
