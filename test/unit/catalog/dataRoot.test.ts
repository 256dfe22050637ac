import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataRoot } from '../../../server/src/node/dataRoot';
import { repoRoot } from '../helpers/repoRoot';

test('from the transpiled tests, the data root is the repository out/ folder', () => {
  assert.equal(dataRoot(), join(repoRoot(), 'out'));
});

test('an installed extension finds out/ from its bundle folder and from its root', () => {
  const extension = mkdtempSync(join(tmpdir(), 'vsix-'));
  try {
    mkdirSync(join(extension, 'out/catalog'), { recursive: true });
    mkdirSync(join(extension, 'out/bundle'), { recursive: true });
    writeFileSync(join(extension, 'out/catalog/index.json'), '{}');
    assert.equal(dataRoot(join(extension, 'out/bundle')), join(extension, 'out'));
    assert.equal(dataRoot(extension), join(extension, 'out'));
  } finally {
    rmSync(extension, { recursive: true, force: true });
  }
});

test('a folder without generated data says to build', () => {
  assert.throws(() => dataRoot(tmpdir()), /npm run build/);
});
