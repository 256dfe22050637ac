// The language server loads the template readers and their YAML parsers when the first template opens (and Terraform's
// grammar loader when a .tf file does), not at its start: a session of policy files pays nothing for them
// (server/src/node/templateReaders.ts, node/hclParser.ts). Module loading is what is watched here: the transpiled files load as the
// bundle's modules initialise, each when first required. `node --test` runs each test file in a process of its own,
// so nothing another test loaded is in this one's module cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The Node side of the server, which its start loads too (nodeServer.ts and the files it reads with).
import '../../../server/src/lsp/nodeServer';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { startHarness } from './harness';

const SAM = readFileSync(join(repoRoot(), 'test', 'fixtures', 'templates', 'sam-app.yaml'), 'utf8');
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] }, null, 2);
const MODEL = JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { Read: JSON.parse(POLICY) as unknown } } } } } }, null, 2);

const TEMPLATE_MODULES = /[\\/](server[\\/]src[\\/]iam[\\/]templates|node_modules[\\/](yaml|js-yaml|web-tree-sitter))[\\/]/;
const templateReadersLoaded = (): boolean => Object.keys(require.cache).some((file) => TEMPLATE_MODULES.test(file));

test('the template readers load when a template opens, not with the server, a policy or a model', async () => {
  assert.equal(templateReadersLoaded(), false, 'loaded before the server started');
  const h = await startHarness({ catalog: realCatalog() });
  try {
    await h.open('file:///project/policy.json', POLICY, 'iam-policy');
    const policy = await h.diagnostics('file:///project/policy.json');
    assert.deepEqual(
      policy.map((d) => d.code),
      ['unknownAction'],
    );
    assert.equal(templateReadersLoaded(), false, 'a policy file loaded the template readers');

    // A model that names no template is read without them.
    await h.open('file:///project/team.iam-model.json', MODEL, 'json');
    const model = await h.diagnostics('file:///project/team.iam-model.json');
    assert.deepEqual(
      model.map((d) => d.code),
      ['unknownAction'],
    );
    assert.equal(templateReadersLoaded(), false, 'a model file loaded the template readers');

    await h.open('file:///project/template.yaml', SAM, 'yaml');
    const template = await h.diagnostics('file:///project/template.yaml');
    assert.ok(
      template.some((d) => d.code === 'unknownAction'),
      JSON.stringify(template),
    );
    assert.equal(templateReadersLoaded(), true);
  } finally {
    await h.close();
  }
});
