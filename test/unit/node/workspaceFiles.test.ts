// The bounded walk behind path completion: hidden and build folders skipped, nearest files kept when cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listWorkspaceFiles } from '../../../server/src/node/workspaceFiles';

test('the workspace walk skips hidden and dependency folders, follows no folder links, and stops at its bound nearest first', () => {
  const root = mkdtempSync(join(tmpdir(), 'iam-ws-'));
  try {
    for (const file of ['a.json', 'policies/dev.json', 'policies/deep/er/scp.json', '.git/config', 'node_modules/x/package.json', '.hidden.json']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '{}');
    }
    symlinkSync(root, join(root, 'policies', 'loop'));
    const relative = (files: readonly string[]) => files.map((f) => f.slice(root.length + 1));
    assert.deepEqual(relative(listWorkspaceFiles(root)), ['a.json', 'policies/dev.json', 'policies/deep/er/scp.json']);
    // Breadth first: a cut keeps the files nearest the root.
    assert.deepEqual(relative(listWorkspaceFiles(root, 2)), ['a.json', 'policies/dev.json']);
    assert.deepEqual(listWorkspaceFiles(join(root, 'absent')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
