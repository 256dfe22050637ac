// `iam-policy-lab generate` end to end: policy on stdout, report on stderr, one JSON object, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parsePolicy } from '../../../server/src/iam/parser';
import { EXAMPLE_MODEL, runCli } from './cliRun';
import { ACTIVITY } from '../activity/activityFixtures';

const DAY = join(ACTIVITY, 'examples-day.json');

test('the policy is alone on standard output (a valid policy document); the report with the proof on standard error', () => {
  const run = runCli(['generate', '--model', EXAMPLE_MODEL, '--principal', 'app-server', DAY]);
  assert.equal(run.code, 0, run.stderr);
  const policy = JSON.parse(run.stdout) as { Statement: { Action: string[] }[] };
  assert.deepEqual(policy.Statement.map((s) => s.Action).flat(), ['kms:Decrypt', 's3:PutObject', 'sqs:SendMessage']);
  assert.deepEqual(parsePolicy(run.stdout).problems, []);
  assert.match(run.stderr, /^Generated 3 statements for arn:aws:iam::111111111111:role\/service-role\/app-server from 3 successful calls/);
  assert.match(
    run.stderr,
    /✔ Proof: replayed with only this policy as its identity policy, all 3 successful calls are allowed, and the validator finds no warning\./,
  );
  assert.match(run.stderr, /s3: 1 of 2 actions unused: s3:GetObject {2}\(granted by AppServerAccess, statement WriteUploads\)/);
});

test('--format json: { policy, proof, unused }; a broad policy lists whole services unused', () => {
  const run = runCli(['generate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam::111111111111:role/ci-deployer', '-f', 'json', DAY]);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { policy: unknown; proof: { passed: boolean; replayed: number }; unused: { service: string; used: number }[] };
  assert.deepEqual(Object.keys(output), ['policy', 'proof', 'unused']);
  assert.deepEqual([output.proof.passed, output.proof.replayed], [true, 1]);
  assert.equal(output.unused.find((u) => u.service === 'sqs')?.used, 1);
  assert.ok(output.unused.filter((u) => u.used === 0).length > 100);
});

test('an unknown principal, or one with no successful call, exits 2 saying so', () => {
  const unknown = runCli(['generate', '-m', EXAMPLE_MODEL, '-p', 'alicia', DAY]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no user or role named alicia in the model; did you mean alice/);
  const idle = runCli(['generate', '-m', EXAMPLE_MODEL, '-p', 'erin', DAY]);
  assert.equal(idle.code, 2);
  assert.match(idle.stderr, /no successful call of arn:aws:iam::111111111111:user\/erin/);
  assert.equal(runCli(['generate', '-m', EXAMPLE_MODEL, DAY]).code, 2);
});
