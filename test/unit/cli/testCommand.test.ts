// `iam-policy-lab test` end to end: the examples pass, failures explain themselves, broken inputs exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { EXAMPLES, runCli, tempWorkspace } from './cliRun';

const exampleTests = readdirSync(EXAMPLES).filter((f) => f.endsWith('.iam-test.json')).sort();

test('every example test file passes (exit 0), and bob is denied since leaving Developers', () => {
  assert.ok(exampleTests.length >= 4);
  const run = runCli(['test', ...exampleTests]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ bob was removed from Developers, so he can no longer upload/);
  assert.match(run.stdout, /\d+ tests passed, 0 failed/);
});

test('--format json gives one result per test, in file order, with the counts', () => {
  const run = runCli(['test', '--format', 'json', 'developers.iam-test.json']);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { results: Record<string, unknown>[]; passed: number; failed: number };
  assert.equal(output.failed, 0);
  assert.equal(output.passed, output.results.length);
  assert.deepEqual(output.results[3], {
    file: 'developers.iam-test.json',
    name: 'bob was removed from Developers, so he can no longer upload',
    decision: 'implicitDeny',
    expect: 'implicitDeny',
    pass: true,
  });
});

const MODEL = JSON.stringify({
  accounts: { '111111111111': { users: { alice: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } } } } },
});
const FAILING = JSON.stringify(
  {
    model: './m.iam-model.json',
    tests: [
      { name: 'alice reads', principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
      { name: 'alice writes (wrongly expected)', principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
    ],
  },
  null,
  2,
);

test('a failing test exits 1 and prints the explanation of what it got', () => {
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': FAILING });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /✔ alice reads/);
  assert.match(run.stdout, /✖ alice writes \(wrongly expected\)  \(a\.iam-test\.json:12:\d+\)\n {4}expected allowed, got implicitDeny/);
  assert.match(run.stdout, /because no identity-based policy allows the s3:PutObject action/);
  assert.match(run.stdout, /1 test passed, 1 failed/);
  const json = runCli(['test', '-f', 'json', 'a.iam-test.json'], dir);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), {
    results: [
      { file: 'a.iam-test.json', name: 'alice reads', decision: 'allowed', expect: 'allowed', pass: true },
      { file: 'a.iam-test.json', name: 'alice writes (wrongly expected)', decision: 'implicitDeny', expect: 'allowed', pass: false },
    ],
    passed: 1,
    failed: 1,
  });
});

test('a test that passes for the wrong reason (a misspelt action) passes, with a warning at the typo', () => {
  const typo = FAILING.replace('"s3:PutObject"', '"s3:PutObjekt"').replace('"expect": "allowed"\n    }\n  ]', '"expect": "implicitDeny"\n    }\n  ]');
  assert.notEqual(typo, FAILING);
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': typo });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stderr, /a\.iam-test\.json:14:\d+ warning unknownAction .*no action 'PutObjekt'.*Did you mean 's3:PutObject'/);
});

test('a test file whose model is missing is a clear error, exit 2', () => {
  const dir = tempWorkspace({ 'a.iam-test.json': FAILING });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /a\.iam-test\.json:2:\d+: the model .*m\.iam-model\.json cannot be read \(no such file\)/);
  assert.equal(runCli(['test'], dir).code, 2);
  assert.equal(runCli(['test', 'absent.iam-test.json'], dir).code, 2);
});
