// The command line reads a model that involves no template without loading the template readers (the YAML parsers
// among them), and loads them for one that does: a plain model's `simulate`, `test`, `who-can` and the other commands
// that read models do not pay for them (iam/templateModelHostOnDemand.ts); `check`, which reads templates as such,
// loads them. `node --test` runs each test file in a process of its own, so nothing another test loaded is in this
// one's module cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../../server/src/iam/model';
import { cliModelHost } from '../../../server/src/cli/loadModel';
// The commands that read a model, as the command line loads them.
import '../../../server/src/cli/simulate';
import '../../../server/src/cli/test';
import '../../../server/src/cli/whoCan';
import '../../../server/src/cli/explain';
import '../../../server/src/cli/diff';
import '../../../server/src/cli/replay';
import '../../../server/src/cli/generate';
import { repoRoot } from '../helpers/repoRoot';
import { tempWorkspace } from './cliRun';

const TEMPLATE_MODULES = /[\\/](server[\\/]src[\\/]iam[\\/]templates|node_modules[\\/](yaml|js-yaml|web-tree-sitter))[\\/]/;
const templateReadersLoaded = (): boolean => Object.keys(require.cache).some((file) => TEMPLATE_MODULES.test(file));

test('a model without templates is read without the template readers; a template as a model loads them', () => {
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const dir = tempWorkspace({
    'plain.iam-model.json': JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { Read: allow } } } } } }),
  });
  const host = cliModelHost();
  const plain = loadModel(join(dir, 'plain.iam-model.json'), host);
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(plain.diagnostics, []);
  assert.ok(plain.model.principal('arn:aws:iam::111111111111:user/alice'));
  assert.equal(templateReadersLoaded(), false, 'a plain model loaded the template readers');

  const fromTemplate = loadModel(join(repoRoot(), 'test', 'fixtures', 'templates', 'sam-app.yaml'), host);
  assert.ok(
    fromTemplate.model.principals().some((p) => p.arn.endsWith(':role/app-reader')),
    JSON.stringify(fromTemplate.diagnostics),
  );
  assert.equal(templateReadersLoaded(), true);
});
