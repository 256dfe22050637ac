// The examples workspace is the first thing a new user opens: it must load cleanly, match its schemas, and its
// deliberate mistakes must be found by the validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse, type ParseError } from 'jsonc-parser';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { loadTestFile } from '../../../server/src/iam/model/testFile';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { repoRoot } from '../helpers/repoRoot';

const examples = join(repoRoot(), 'examples');
const host = createNodeModelHost(loadManagedPolicyStore());

function readJsonc(path: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(readFileSync(path, 'utf8'), errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], path);
  return value;
}

test('the example model loads without a single diagnostic, AWS managed policies included', () => {
  const { model, diagnostics } = loadModel(join(examples, 'organization.iam-model.json'), host);
  assert.deepEqual(diagnostics, []);
  assert.equal(model.principals().filter((p) => p.kind === 'root').length, 3);
  const erin = model.principal('arn:aws:iam::111111111111:user/erin');
  assert.equal(erin?.identityPolicies[0]?.source.arn, 'arn:aws:iam::aws:policy/SecurityAudit');
});

test('the example model and test files satisfy their JSON schemas, and the schemas reject unknown keys', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const modelSchema = ajv.compile(JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'iam-model.schema.json'), 'utf8')) as object);
  const testSchema = ajv.compile(JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'iam-test.schema.json'), 'utf8')) as object);
  const model = readJsonc(join(examples, 'organization.iam-model.json'));
  assert.ok(modelSchema(model), JSON.stringify(modelSchema.errors));
  assert.equal(modelSchema({ accounts: { '111111111111': { users: { a: { polices: [] } } } } }), false);
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.iam-test.json'))) {
    assert.ok(testSchema(readJsonc(join(examples, file))), `${file}: ${JSON.stringify(testSchema.errors)}`);
    assert.deepEqual(loadTestFile(join(examples, file), host).diagnostics, [], file);
  }
  assert.equal(testSchema({ model: 'm.json', tests: [{ name: 'n', principal: 'p', action: 's3:GetObject', resource: 'r', expect: 'denied' }] }), false);
});

test('every deliberate mistake in examples/mistakes is found by `check`', () => {
  const expected: Record<string, string> = {
    'misspelt-action.policy.json': 'unknownAction',
    'condition-key-typo.policy.json': 'unknownGlobalConditionKey',
    'missing-version.policy.json': 'missingVersion',
    'allow-with-notprincipal.policy.json': 'allowWithNotPrincipal',
    'misspelt-effect.policy.json': 'invalidEffect',
  };
  const files = readdirSync(join(examples, 'mistakes'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  assert.deepEqual(files, Object.keys(expected).sort(), 'every mistake file has an expected finding');
  const readme = readFileSync(join(examples, 'mistakes', 'README.md'), 'utf8');
  const run = spawnSync(process.execPath, [join(repoRoot(), 'out', 'bundle', 'cli.js'), 'check', '--format', 'json', 'mistakes'], {
    cwd: examples,
    encoding: 'utf8',
  });
  const reports = JSON.parse(run.stdout) as { file: string; diagnostics: { code: string }[] }[];
  for (const [file, code] of Object.entries(expected)) {
    const report = reports.find((r) => r.file.endsWith(file));
    assert.ok(
      report?.diagnostics.some((d) => d.code === code),
      `${file} should get ${code}: ${JSON.stringify(report)}`,
    );
    assert.ok(readme.includes(file), `mistakes/README.md explains ${file}`);
  }
});
