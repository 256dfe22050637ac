// `iam-policy-lab diff` end to end: a base file or a git revision; exit 1 on new access, for CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { runCli } from './cliRun';

const POLICY = 'policies/developers-app-bucket.policy.json';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-diff-'));
  cpSync(join(repoRoot(), 'examples'), dir, { recursive: true });
  return dir;
}

function widen(dir: string): void {
  const path = join(dir, POLICY);
  writeFileSync(path, readFileSync(path, 'utf8').replace('"arn:aws:s3:::example-app-data/*"', '"arn:aws:s3:::*"'));
}

test('against a base file: new access exits 1, listed by principal with the statement and where it is', () => {
  const dir = workspace();
  writeFileSync(join(dir, 'base.json'), readFileSync(join(dir, POLICY)));
  const same = runCli(['diff', '--model', 'organization.iam-model.json', POLICY, '--base', 'base.json'], dir);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /✔ No new access\./);
  widen(dir);
  const run = runCli(['diff', '-m', 'organization.iam-model.json', POLICY, '--base', 'base.json'], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /✖ New access: \d+ requests become allowed:\n {2}arn:aws:iam::111111111111:user\/alice\n {4}s3:\w+ {2}arn:aws:s3:::/);
  assert.match(
    run.stdout,
    /granted by statement ReadAndWriteObjectsInTheAppBucket of DevelopersAppBucketReadWrite \(attached to group Developers\) {2}\(policies\/developers-app-bucket\.policy\.json:\d+:\d+\)/,
  );
  const json = JSON.parse(runCli(['diff', '-m', 'organization.iam-model.json', POLICY, '--base', 'base.json', '-f', 'json'], dir).stdout) as {
    newAccess: { principal: string; where: string }[];
    checked: { evaluations: number };
  };
  assert.ok(json.newAccess.length > 0 && json.newAccess.every((c) => c.principal.endsWith('user/alice') && c.where.startsWith(POLICY)));
});

test('against a git revision', () => {
  const dir = workspace();
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) return; // No git on this machine: nothing to compare with.
  git('add', '.');
  assert.equal(git('commit', '-qm', 'examples').status, 0);
  widen(dir);
  const run = runCli(['diff', '-m', 'organization.iam-model.json', POLICY, '--base', 'HEAD'], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^Compared policies\/developers-app-bucket\.policy\.json with policies\/developers-app-bucket\.policy\.json at HEAD:/);
  const bad = runCli(['diff', '-m', 'organization.iam-model.json', POLICY, '--base', 'no-such-branch'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--base no-such-branch is neither a file nor a git revision/);
  assert.equal(runCli(['diff', '-m', 'organization.iam-model.json', POLICY, '--base', '--help'], dir).code, 2);
});

test('a policy file new since the revision is compared with one that allows nothing: all it grants is new access', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-new-'));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) return; // No git on this machine: nothing to compare with.
  const model = (resources: object) => JSON.stringify({ accounts: { '111111111111': { users: { alice: {} }, resources } } });
  writeFileSync(join(dir, 'm.iam-model.json'), model({}));
  git('add', '.');
  assert.equal(git('commit', '-qm', 'start').status, 0);
  // The pull request adds a bucket and its policy.
  writeFileSync(join(dir, 'm.iam-model.json'), model({ 'arn:aws:s3:::new-bucket': { policy: './bucket.json' } }));
  const open = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::new-bucket/*' };
  writeFileSync(join(dir, 'bucket.json'), JSON.stringify({ Version: '2012-10-17', Statement: [open] }));
  const run = runCli(['diff', '-m', 'm.iam-model.json', 'bucket.json', '--base', 'HEAD'], dir);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^Compared bucket\.json with no bucket\.json \(it is not in HEAD\):/);
  assert.match(
    run.stdout,
    /arn:aws:iam::000000000001:user\/outsider {2}\(standing for anyone in an account the model does not describe\)\n {4}s3:GetObject {2}arn:aws:s3:::new-bucket\//,
  );
});

test('bad usage and a file the model does not use exit 2', () => {
  const dir = workspace();
  writeFileSync(join(dir, 'other.json'), '{"Version": "2012-10-17", "Statement": []}');
  const run = runCli(['diff', '-m', 'organization.iam-model.json', 'other.json', '--base', 'other.json'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /other\.json is not a policy of the model/);
  assert.equal(runCli(['diff', '-m', 'organization.iam-model.json', POLICY], dir).code, 2);
  // A policy file deleted by the change: said as such, not as a file the model does not use.
  const gone = runCli(['diff', '-m', 'organization.iam-model.json', 'policies/gone.json', '--base', 'other.json'], dir);
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, /policies\/gone\.json does not exist: diff compares a policy file the model uses/);
});

test('a trust policy widened to another account of the model: its users with permission to assume are new access on the role', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-trust-'));
  const trust = (accounts: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: 'sts:AssumeRole' }],
    });
  const assume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
  const model = {
    accounts: { '111111111111': { roles: { shared: { trustPolicy: './trust.json' } } }, '222222222222': { users: { eve: { inlinePolicies: { assume } } } } },
  };
  writeFileSync(join(dir, 'm.iam-model.json'), JSON.stringify(model));
  writeFileSync(join(dir, 'base.json'), trust(['111111111111']));
  writeFileSync(join(dir, 'trust.json'), trust(['111111111111', '222222222222']));
  const run = runCli(['diff', '-m', 'm.iam-model.json', 'trust.json', '--base', 'base.json'], dir);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  // The request is about the role that holds the trust policy, not a made-up one.
  assert.match(
    run.stdout,
    /✖ New access: 1 request becomes allowed:\n {2}arn:aws:iam::222222222222:user\/eve\n {4}sts:AssumeRole {2}arn:aws:iam::111111111111:role\/shared\n/,
  );
});

test('an SCP that loses its Deny on a resource no model lists (a CloudTrail trail) reports the new access in the member account', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-scp-'));
  const scp = (protectTrail: boolean) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
        ...(protectTrail ? [{ Sid: 'ProtectTrail', Effect: 'Deny', Action: ['cloudtrail:StopLogging'], Resource: '*' }] : []),
      ],
    });
  const admin = ['arn:aws:iam::aws:policy/AdministratorAccess'];
  const model = {
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '111111111111',
      policies: { Guardrails: './scp.json' },
      root: {
        id: 'r-ab12',
        accounts: ['111111111111'],
        children: [{ id: 'ou-ab12-workload', scps: ['FullAWSAccess', 'Guardrails'], accounts: ['222222222222'] }],
      },
    },
    // The management account comes first: a trail made up there is one the member account's principals cannot touch.
    accounts: { '111111111111': { users: { mgmt: { policies: admin } } }, '222222222222': { users: { ci: { policies: admin } } } },
  };
  writeFileSync(join(dir, 'org.iam-model.json'), JSON.stringify(model));
  writeFileSync(join(dir, 'base.json'), scp(true));
  writeFileSync(join(dir, 'scp.json'), scp(false));
  const run = runCli(['diff', '-m', 'org.iam-model.json', 'scp.json', '--base', 'base.json'], dir);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /arn:aws:iam::222222222222:user\/ci\n {4}cloudtrail:StopLogging {2}arn:aws:cloudtrail:[a-z0-9-]+:222222222222:trail\/example\n/);
});

test('an action is not asked about an ARN of a more specific type: deleting a log group is no request on a log stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-logs-'));
  const stream = 'arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:s1';
  const policy = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: stream }] });
  writeFileSync(
    join(dir, 'm.iam-model.json'),
    JSON.stringify({ accounts: { '111111111111': { policies: { App: './p.json' }, users: { app: { policies: ['App'] } } } } }),
  );
  writeFileSync(join(dir, 'base.json'), policy(['logs:PutLogEvents']));
  writeFileSync(join(dir, 'p.json'), policy(['logs:PutLogEvents', 'logs:DeleteLogGroup']));
  const run = runCli(['diff', '-m', 'm.iam-model.json', 'p.json', '--base', 'base.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ No new access\./);
});

test('a permissions boundary new since the revision adds no access: no new access, and the gate passes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-new-boundary-'));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) return; // No git on this machine: nothing to compare with.
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::data/*' }] };
  const model = (boundary: boolean) =>
    JSON.stringify({
      accounts: {
        '111111111111': {
          policies: { Admin: './admin.json', ...(boundary ? { Boundary: './boundary.json' } : {}) },
          roles: { ops: { policies: ['Admin'], ...(boundary ? { permissionsBoundary: 'Boundary' } : {}) } },
        },
      },
    });
  writeFileSync(join(dir, 'admin.json'), JSON.stringify(admin));
  writeFileSync(join(dir, 'm.iam-model.json'), model(false));
  git('add', '.');
  assert.equal(git('commit', '-qm', 'start').status, 0);
  writeFileSync(join(dir, 'm.iam-model.json'), model(true));
  const onlyReads = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  writeFileSync(join(dir, 'boundary.json'), JSON.stringify(onlyReads));
  const run = runCli(['diff', '-m', 'm.iam-model.json', 'boundary.json', '--base', 'HEAD'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ No new access\./);
  assert.doesNotMatch(run.stdout, /Not complete/);
});
