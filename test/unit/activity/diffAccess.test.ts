// No new access: equivalent rewrites report nothing; a widened Resource, a removed Deny and a loosened condition each
// report the requests they open, with the statement that grants them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffAccess, diffReportLines, type AccessDiff } from '../../../server/src/iam/activity';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { repoRoot } from '../helpers/repoRoot';
import { realCatalog } from '../helpers/realCatalog';

const catalog = realCatalog();
const host = createNodeModelHost(loadManagedPolicyStore());
const DEVELOPERS = 'policies/developers-app-bucket.policy.json';
const MFA = 'policies/require-mfa-for-deletes.policy.json';

/** The examples copied to a fresh folder, `file` written with `base` first and then `changed`; the access diff. */
function diffOf(file: string, base: unknown, changed: unknown): AccessDiff {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-'));
  cpSync(join(repoRoot(), 'examples'), dir, { recursive: true });
  const model = join(dir, 'organization.iam-model.json');
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(base, null, 2));
  const before = loadModel(model, host).model;
  writeFileSync(path, JSON.stringify(changed, null, 2));
  const after = loadModel(model, host).model;
  const diff = diffAccess({ current: after, base: before, policyFile: path, catalog });
  if ('error' in diff) throw new Error(diff.error);
  return diff;
}

function original(file: string): { Version: string; Statement: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(join(repoRoot(), 'examples', file), 'utf8')) as { Version: string; Statement: Record<string, unknown>[] };
}

function summary(diff: AccessDiff): string[] {
  return diff.newAccess.map((c) => `${c.principal.replace('arn:aws:iam::111111111111:', '')} ${c.action} ${c.resource}`);
}

test('equivalent rewrites report no new access and no lost access: reordering, splitting, a wildcard replaced by its actions', () => {
  const policy = original(DEVELOPERS);
  const reordered = { ...policy, Statement: [...policy.Statement].reverse() };
  let diff = diffOf(DEVELOPERS, policy, reordered);
  assert.deepEqual([diff.newAccess, diff.lostAccess], [[], []]);
  assert.ok(diff.checked.evaluations > 0);

  const readWrite = policy.Statement[1] as { Action: string[]; Resource: string };
  const split = {
    ...policy,
    Statement: [
      policy.Statement[0],
      ...readWrite.Action.map((action, i) => ({ Sid: `Part${i}`, Effect: 'Allow', Action: action, Resource: readWrite.Resource })),
    ],
  };
  diff = diffOf(DEVELOPERS, policy, split);
  assert.deepEqual([diff.newAccess, diff.lostAccess], [[], []]);

  const wildcard = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::example-app-data/*' }] };
  const expanded = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: catalog.actionsMatching('s3:GetObject*').map((a) => `s3:${a.name}`), Resource: 'arn:aws:s3:::example-app-data/*' }],
  };
  assert.ok((expanded.Statement[0]?.Action.length ?? 0) > 5);
  diff = diffOf(DEVELOPERS, wildcard, expanded);
  assert.deepEqual([diff.newAccess, diff.lostAccess], [[], []]);
  // …and the check can tell them apart when one action is left out.
  diff = diffOf(DEVELOPERS, wildcard, { Version: '2012-10-17', Statement: [{ ...expanded.Statement[0], Action: expanded.Statement[0]?.Action.slice(1) }] });
  assert.equal(diff.lostAccess.length > 0, true);
  assert.deepEqual(diff.newAccess, []);
});

test('a widened Resource reports the new resources, for the principals that hold the policy, with the granting statement', () => {
  const policy = original(DEVELOPERS);
  const widened = { ...policy, Statement: [policy.Statement[0], { ...policy.Statement[1], Resource: 'arn:aws:s3:::example-*' }] };
  const diff = diffOf(DEVELOPERS, policy, widened);
  assert.ok(summary(diff).includes('user/alice s3:GetObject arn:aws:s3:::example-audit-logs/example'), summary(diff).join('\n'));
  assert.ok(diff.newAccess.every((c) => c.principal === 'arn:aws:iam::111111111111:user/alice'));
  const grant = diff.newAccess.find((c) => c.action === 's3:GetObject');
  assert.equal(grant?.because, 'statement ReadAndWriteObjectsInTheAppBucket of DevelopersAppBucketReadWrite (attached to group Developers)');
  assert.ok(grant?.statement?.file.endsWith(DEVELOPERS));
  assert.deepEqual(diff.lostAccess, []);
});

test('a Resource widened to every bucket (arn:aws:s3:::*) reports objects of buckets no policy named before', () => {
  const policy = original(DEVELOPERS);
  const everyBucket = { ...policy, Statement: [policy.Statement[0], { ...policy.Statement[1], Resource: 'arn:aws:s3:::*' }] };
  const diff = diffOf(DEVELOPERS, policy, everyBucket);
  // The made-up object of a made-up bucket is what only the wider pattern reaches.
  assert.ok(summary(diff).includes('user/alice s3:GetObject arn:aws:s3:::example/example'), summary(diff).join('\n'));
});

test("actions on buckets are not asked about object ARNs: s3:* on a bucket's objects opens object actions only", () => {
  const policy = original(DEVELOPERS);
  const everyAction = { ...policy, Statement: [policy.Statement[0], { ...policy.Statement[1], Action: 's3:*' }] };
  const diff = diffOf(DEVELOPERS, policy, everyAction);
  const actions = new Set(diff.newAccess.map((c) => c.action));
  assert.ok(actions.has('s3:GetObjectTagging'), [...actions].join(' '));
  // s3:CreateBucket and s3:DeleteBucket act on buckets: a Resource of objects cannot grant them, nor can AWS be asked.
  for (const bucketAction of ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketPolicy']) assert.ok(!actions.has(bucketAction), bucketAction);
  // A qualified function (`function:orders:live`) is still a function: invoking it is asked about, and found.
  const qualified = 'arn:aws:lambda:eu-west-1:111111111111:function:orders:live';
  const invoke = { ...policy, Statement: [...policy.Statement, { Sid: 'Invoke', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: qualified }] };
  assert.ok(summary(diffOf(DEVELOPERS, policy, invoke)).includes(`user/alice lambda:InvokeFunction ${qualified}`));
});

test('a removed Deny reports what it denied: deleting without MFA', () => {
  const policy = original(MFA);
  const removed = { ...policy, Statement: [{ ...policy.Statement[0], Action: ['kms:ScheduleKeyDeletion'] }] };
  const diff = diffOf(MFA, policy, removed);
  assert.ok(summary(diff).includes('user/alice s3:DeleteObject arn:aws:s3:::example-app-data/example'), summary(diff).join('\n'));
  // Only what the Deny took away from what alice's policies allow: she may not delete buckets either way.
  assert.deepEqual([...new Set(diff.newAccess.map((c) => `${c.principal} ${c.action}`))], ['arn:aws:iam::111111111111:user/alice s3:DeleteObject']);
});

test('a loosened condition reports the requests it lets through, with the context that shows it', () => {
  const policy = original(DEVELOPERS);
  const withCondition = (cidr: string) => ({
    ...policy,
    Statement: policy.Statement.map((s) => ({ ...s, Condition: { IpAddress: { 'aws:SourceIp': cidr } } })),
  });
  const diff = diffOf(DEVELOPERS, withCondition('203.0.113.0/24'), withCondition('0.0.0.0/0'));
  assert.ok(diff.newAccess.length > 0);
  assert.ok(diff.newAccess.every((c) => c.context['aws:SourceIp'] === '0.0.0.0'));
  // Deleting is also denied without MFA (another policy): the deletes it lets through are asked, and shown, with MFA.
  assert.deepEqual(
    [
      ...new Set(
        diff.newAccess
          .filter((c) => c.context['aws:MultiFactorAuthPresent'] !== undefined)
          .map((c) => `${c.action} ${c.context['aws:MultiFactorAuthPresent']}`),
      ),
    ],
    ['s3:DeleteObject true'],
  );
  assert.deepEqual(diff.lostAccess, []);
  // Tightened back: the same requests are lost, and nothing is new.
  const back = diffOf(DEVELOPERS, withCondition('0.0.0.0/0'), withCondition('203.0.113.0/24'));
  assert.deepEqual([back.newAccess.length, back.lostAccess.length], [0, diff.newAccess.length]);
});

test('the work is bounded: a budget cuts it short and says so', () => {
  const policy = original(DEVELOPERS);
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-'));
  cpSync(join(repoRoot(), 'examples'), dir, { recursive: true });
  const model = loadModel(join(dir, 'organization.iam-model.json'), host).model;
  const diff = diffAccess({ current: model, base: model, policyFile: join(dir, DEVELOPERS), catalog, budget: 4 });
  assert.ok(!('error' in diff));
  assert.equal(diff.checked.evaluations, 4);
  assert.match(diff.truncated ?? '', /^stopped after 4 evaluations \(the budget\)/);
  assert.ok(policy);
  const notUsed = diffAccess({ current: model, base: model, policyFile: join(dir, 'policies/nothing.json'), policyLabel: 'policies/nothing.json', catalog });
  assert.deepEqual(notUsed, { error: 'policies/nothing.json is not a policy of the model (no user, role, resource, SCP or RCP uses it as a file)' });
});

test('principals that differ only by name are asked once, and the answer is the same as asking each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-'));
  const users: Record<string, unknown> = {};
  for (let i = 0; i < 60; i++) users[`u${i}`] = { policies: ['Shared', ...(i % 3 === 0 ? ['Extra'] : [])], tags: { team: `t${i % 2}` } };
  // u7 is named by the bucket policy: its decisions differ from its look-alikes', so it must be asked on its own.
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:user/u7' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::data-1/*' }],
  };
  const model = {
    accounts: {
      '123456789012': {
        policies: { Shared: './shared.json', Extra: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] } },
        users,
        resources: { 'arn:aws:s3:::data-0': {}, 'arn:aws:s3:::data-1': { policy: bucketPolicy } },
      },
    },
  };
  writeFileSync(join(dir, 'm.iam-model.json'), JSON.stringify(model));
  const shared = (resource: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: resource }],
  });
  writeFileSync(join(dir, 'shared.json'), JSON.stringify(shared('arn:aws:s3:::data-0/*')));
  const before = loadModel(join(dir, 'm.iam-model.json'), host).model;
  writeFileSync(join(dir, 'shared.json'), JSON.stringify(shared('arn:aws:s3:::data-*')));
  const after = loadModel(join(dir, 'm.iam-model.json'), host).model;
  const input = { current: after, base: before, policyFile: join(dir, 'shared.json'), catalog };
  const grouped = diffAccess(input);
  const each = diffAccess({ ...input, groupPrincipals: false });
  assert.ok(!('error' in grouped) && !('error' in each));
  const key = (d: AccessDiff) =>
    [...d.newAccess, ...d.lostAccess].map((c) => `${c.principal} ${c.action} ${c.resource} ${JSON.stringify(c.context)} ${c.because}`).sort();
  assert.deepEqual(key(grouped), key(each));
  assert.ok(grouped.newAccess.length > 60);
  // Four look-alike classes (tags × Extra) plus u7 alone; each principal still listed.
  assert.equal(grouped.checked.principalClasses, 5);
  assert.equal(each.checked.principalClasses, 60);
  assert.ok(grouped.checked.evaluations < each.checked.evaluations / 5);
  assert.ok(!grouped.newAccess.some((c) => c.principal.endsWith('user/u7') && c.action === 's3:PutObject' && c.resource.startsWith('arn:aws:s3:::data-1/')));
});

test('a widening under a region-lock SCP is found: requests carry the regions the SCP allows, as AWS always sets aws:RequestedRegion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-region-'));
  const regionLock = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideEurope',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'organizations:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      },
    ],
  };
  const model = memberAccountModel(
    { RegionLock: regionLock },
    { scps: ['FullAWSAccess', 'RegionLock'] },
    { policies: { ReadOrders: './read-orders.json' }, users: { carol: { policies: ['ReadOrders'] } }, resources: { 'arn:aws:s3:::orders': {} } },
  );
  writeFileSync(join(dir, 'm.iam-model.json'), JSON.stringify(model));
  const path = join(dir, 'read-orders.json');
  const policy = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::orders/*' }] });
  writeFileSync(path, JSON.stringify(policy('s3:GetObject')));
  const before = loadModel(join(dir, 'm.iam-model.json'), host).model;
  writeFileSync(path, JSON.stringify(policy('s3:Get*')));
  const after = loadModel(join(dir, 'm.iam-model.json'), host).model;
  const diff = diffAccess({ current: after, base: before, policyFile: path, catalog });
  if ('error' in diff) throw new Error(diff.error);
  assert.ok(
    diff.newAccess.some((c) => c.action === 's3:GetObjectVersion' && c.context['aws:RequestedRegion'] !== undefined),
    JSON.stringify(diff.newAccess.slice(0, 3)),
  );
});

test('a diff of hundreds of thousands of changes is reported, not a crash (more lines than a call takes as arguments)', () => {
  const change = (i: number) => ({
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:GetObject',
    resource: `arn:aws:s3:::b${i}/k`,
    context: {},
    because: 'statement S',
  });
  const newAccess = Array.from({ length: 200_000 }, (_, i) => change(i));
  const diff: AccessDiff = {
    newAccess,
    lostAccess: newAccess,
    checked: { principals: 1, principalClasses: 1, actions: 1, resources: 200_000, contexts: 1, evaluations: 1 },
  };
  const lines = diffReportLines(diff, { policy: 'p.json', base: 'HEAD' }, () => '');
  assert.equal(lines.length, 3 + 2 * (1 + 2 * 200_000));
});

const APP_BUCKET = 'policies/app-bucket.policy.json';
const SAME_ACCOUNT_TRUST = 'policies/same-account-trust.policy.json';
const ANYONE = 'anyone in an account the model does not describe';

test('a bucket policy opened to everyone, or to an account the model does not describe, is new access for principals outside the model', () => {
  const policy = original(APP_BUCKET);
  const opened = (principal: unknown) => ({
    ...policy,
    Statement: [
      ...policy.Statement,
      { Sid: 'Opened', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-app-data/*' },
    ],
  });
  // Each principal let in to read the bucket's objects, once, with whom it stands for.
  const outsiders = (diff: AccessDiff) => [
    ...new Map(
      diff.newAccess
        .filter((c) => c.action === 's3:GetObject' && c.resource.startsWith('arn:aws:s3:::example-app-data/'))
        .map((c) => [c.principal, c.standsFor] as const),
    ),
  ];

  const everyone = diffOf(APP_BUCKET, policy, opened('*'));
  assert.deepEqual(
    outsiders(everyone).find(([, standsFor]) => standsFor === ANYONE)?.[0],
    'arn:aws:iam::000000000001:user/outsider',
    JSON.stringify(everyone.newAccess),
  );
  const report = diffReportLines(everyone, { policy: APP_BUCKET, base: 'HEAD' }, () => '').join('\n');
  assert.match(report, /arn:aws:iam::000000000001:user\/outsider {2}\(standing for anyone in an account the model does not describe\)/);

  const account = diffOf(APP_BUCKET, policy, opened({ AWS: 'arn:aws:iam::444455556666:root' }));
  assert.deepEqual(
    outsiders(account).filter(([p]) => p?.includes('444455556666')),
    [
      [
        'arn:aws:iam::444455556666:user/outsider',
        'any IAM user or role of account 444455556666, which the model does not describe, that its own policies allow',
      ],
    ],
  );
  // Anyone else is still kept out: the account named is the only one let in.
  assert.ok(!outsiders(account).some(([, standsFor]) => standsFor === ANYONE));

  const role = diffOf(APP_BUCKET, policy, opened({ AWS: 'arn:aws:iam::444455556666:role/ci' }));
  assert.deepEqual(outsiders(role), [['arn:aws:iam::444455556666:role/ci', 'a principal of account 444455556666, which the model does not describe']]);

  // Reordered, the policy lets in no one new, inside or outside the model, though outsiders were asked.
  const same = diffOf(APP_BUCKET, opened('*'), { ...opened('*'), Statement: [...opened('*').Statement].reverse() });
  assert.deepEqual([same.newAccess, same.lostAccess], [[], []]);
});

test("a role's trust widened to an account the model does not describe is new access: its users and roles may assume the role", () => {
  const policy = original(SAME_ACCOUNT_TRUST);
  const statement = policy.Statement[0] as { Principal: { AWS: string } };
  const widened = { ...policy, Statement: [{ ...statement, Principal: { AWS: [statement.Principal.AWS, '444455556666'] } }] };
  const diff = diffOf(SAME_ACCOUNT_TRUST, policy, widened);
  const assume = diff.newAccess.filter((c) => c.action === 'sts:AssumeRole');
  assert.deepEqual(
    assume.map((c) => c.principal),
    ['arn:aws:iam::444455556666:user/outsider'],
    JSON.stringify(diff.newAccess),
  );
  assert.match(assume[0]?.because ?? '', /PipelineUsersMayAssume/);
});

/**
 * An organization of the management account 999999999999 (where SCPs and RCPs do not apply) and the member account
 * 111111111111, whose section is `member`; its root attaches `attach` (names from `policies`, as organization.policies
 * holds them: documents or files).
 */
function memberAccountModel(policies: Record<string, unknown>, attach: { scps?: string[]; rcps?: string[] }, member: object): object {
  return {
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '999999999999',
      policies,
      root: { id: 'r-abcd', ...attach, accounts: ['999999999999', '111111111111'] },
    },
    accounts: { '999999999999': {}, '111111111111': member },
  };
}

/** A model of one organization account and `files` beside it, loaded with `changed` and then `base` at `path`. */
function diffIn(model: unknown, files: Record<string, unknown>, path: string, base: unknown, changed: unknown): AccessDiff {
  const dir = mkdtempSync(join(tmpdir(), 'iam-diff-own-'));
  writeFileSync(join(dir, 'm.iam-model.json'), JSON.stringify(model));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  writeFileSync(join(dir, path), JSON.stringify(base));
  const before = loadModel(join(dir, 'm.iam-model.json'), host).model;
  writeFileSync(join(dir, path), JSON.stringify(changed));
  const after = loadModel(join(dir, 'm.iam-model.json'), host).model;
  const diff = diffAccess({ current: after, base: before, policyFile: join(dir, path), catalog });
  if ('error' in diff) throw new Error(diff.error);
  return diff;
}

test('a loosened RCP is new access for the accounts the resource policies let in: a bucket shared with an account the perimeter kept out', () => {
  const perimeter = (exempt: string[]) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Perimeter',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': ['111111111111', ...exempt] }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      },
    ],
  });
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::shared/reports/*',
      },
    ],
  };
  // RCPs do not apply to the management account: the bucket is in the member account.
  const model = memberAccountModel(
    { Perimeter: './perimeter.json' },
    { rcps: ['Perimeter'] },
    { users: { alice: {} }, resources: { 'arn:aws:s3:::shared': { policy: './bucket.json' } } },
  );
  const diff = diffIn(model, { 'bucket.json': bucketPolicy }, 'perimeter.json', perimeter([]), perimeter(['333333333333']));
  assert.deepEqual(
    diff.newAccess.map((c) => [c.principal, c.action, c.resource]),
    [['arn:aws:iam::333333333333:user/outsider', 's3:GetObject', 'arn:aws:s3:::shared/reports/example']],
  );
  assert.match(diff.newAccess[0]?.because ?? '', /statement Partner/);
});

test('a topic opened to "*" for one account by aws:PrincipalAccount is new access for that account; by aws:SourceAccount, for services only', () => {
  const topic = 'arn:aws:sns:eu-west-1:111111111111:orders';
  const policy = (condition?: object) => ({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sns:Publish', Resource: topic },
      ...(condition ? [{ Sid: 'Opened', Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: condition }] : []),
    ],
  });
  const model = {
    accounts: {
      '111111111111': {
        users: { alice: {} },
        roles: {
          worker: {
            trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          },
        },
        resources: { [topic]: { policy: './topic.json' } },
      },
    },
  };
  const byAccount = diffIn(model, {}, 'topic.json', policy(), policy({ StringEquals: { 'aws:PrincipalAccount': '444444444444' } }));
  assert.deepEqual(
    byAccount.newAccess.map((c) => c.principal),
    ['arn:aws:iam::444444444444:user/outsider'],
  );
  // A user or role never sends aws:SourceAccount: only service principals gain, each asked with the key.
  const bySource = diffIn(model, {}, 'topic.json', policy(), policy({ StringEquals: { 'aws:SourceAccount': '111111111111' } }));
  assert.ok(bySource.newAccess.length > 0);
  assert.deepEqual(
    bySource.newAccess.filter((c) => c.principal.startsWith('arn:')),
    [],
  );
  assert.ok(bySource.newAccess.every((c) => c.context['aws:SourceAccount'] === '111111111111'));
});

test('a trust opened to an identity provider, or to roles of another account by aws:PrincipalArn, is new access; another partition is not', () => {
  const trust = (statements: object[]) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Owner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }, ...statements],
  });
  const model = { accounts: { '111111111111': { users: { alice: {} }, roles: { deploy: { trustPolicy: './trust.json' } } } } };
  const github = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
  const oidc = diffIn(
    model,
    {},
    'trust.json',
    trust([]),
    trust([{ Sid: 'GitHub', Effect: 'Allow', Principal: { Federated: github }, Action: 'sts:AssumeRoleWithWebIdentity' }]),
  );
  assert.deepEqual(
    oidc.newAccess.map((c) => [c.principal, c.action, c.standsFor]),
    [[github, 'sts:AssumeRoleWithWebIdentity', 'anyone who signs in through this identity provider']],
  );
  const byArn = diffIn(
    model,
    {},
    'trust.json',
    trust([]),
    trust([
      {
        Sid: 'Deployers',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::999988887777:role/deploy-*' } },
      },
    ]),
  );
  assert.deepEqual(
    byArn.newAccess.map((c) => c.principal),
    ['arn:aws:iam::999988887777:role/deploy-example'],
  );
  const otherPartition = diffIn(
    model,
    {},
    'trust.json',
    trust([]),
    trust([{ Sid: 'China', Effect: 'Allow', Principal: { AWS: 'arn:aws-cn:iam::222233334444:root' }, Action: 'sts:AssumeRole' }]),
  );
  assert.deepEqual(otherPartition.newAccess, []);
});

test("a Deny on every resource that gains a condition opens what the holders' other policies grant: their resources and condition values", () => {
  const uploads = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Uploads', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::data/uploads/*' }],
  };
  const mfa = (condition: object) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoDeleteWithoutMfa', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: condition }],
  });
  const model = {
    accounts: {
      '111111111111': {
        policies: { Uploads: './uploads.json', Mfa: './mfa.json' },
        users: { alice: { policies: ['Uploads', 'Mfa'] } },
        resources: { 'arn:aws:s3:::data': {} },
      },
    },
  };
  const always = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };
  // Deleting without MFA is denied in one region only now: elsewhere alice deletes what her other policy lets her.
  const diff = diffIn(model, { 'uploads.json': uploads }, 'mfa.json', mfa(always), mfa({ ...always, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }));
  assert.deepEqual(
    diff.newAccess.map((c) => [c.action, c.resource]),
    [['s3:DeleteObject', 'arn:aws:s3:::data/uploads/example']],
  );
});

test('a CIDR block narrowed to a part that keeps its first address still shows what it lets through', () => {
  const dev = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
  };
  const fence = (cidr: string) => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Office', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': cidr } } }],
  });
  const model = { accounts: { '111111111111': { policies: { Dev: './dev.json', Fence: './fence.json' }, users: { alice: { policies: ['Dev', 'Fence'] } } } } };
  const diff = diffIn(model, { 'dev.json': dev }, 'fence.json', fence('198.51.0.0/16'), fence('198.51.0.0/24'));
  assert.deepEqual(
    diff.newAccess.map((c) => [c.action, c.context['aws:SourceIp']]),
    [['s3:GetObject', '198.51.255.255']],
  );
});

test('under a region-lock SCP, a widened action on a service the model has no resource of is asked in the allowed region', () => {
  const regionLock = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }],
  };
  const model = memberAccountModel(
    { RegionLock: './region.json' },
    { scps: ['FullAWSAccess', 'RegionLock'] },
    { policies: { Dev: './dev.json' }, users: { alice: { policies: ['Dev'] } } },
  );
  const dev = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  const diff = diffIn(model, { 'region.json': regionLock }, 'dev.json', dev(['s3:ListAllMyBuckets']), dev(['s3:ListAllMyBuckets', 'sqs:SendMessage']));
  // The made-up queue is in the region the request is asked in, not in a region the SCP denies.
  assert.deepEqual(
    diff.newAccess.map((c) => [c.action, c.resource, c.context['aws:RequestedRegion']]),
    [['sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111111111111:example', 'eu-west-1']],
  );
});

test("an SCP's diff does not ask every principal about every other principal's resources", () => {
  const users = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      `user${i}`,
      { inlinePolicies: { Own: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::bucket-${i}/*` }] } } },
    ]),
  );
  const scp = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: '*' }] });
  const model = memberAccountModel({ Guard: './scp.json' }, { scps: ['FullAWSAccess', 'Guard'] }, { users });
  const diff = diffIn(model, {}, 'scp.json', scp(['s3:DeleteBucket', 's3:DeleteObject']), scp(['s3:DeleteBucket']));
  assert.ok(diff.newAccess.length > 0);
  assert.ok(diff.checked.resources < 10, `${diff.checked.resources} resources asked`);
});

test('an identity provider named in a bucket policy lets no one in (only a role trust lets in federated users)', () => {
  const saml = 'arn:aws:iam::111111111111:saml-provider/corp';
  const policy = (statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
  const model = { accounts: { '111111111111': { users: { alice: {} }, resources: { 'arn:aws:s3:::data': { policy: './bucket.json' } } } } };
  const grant = { Sid: 'Saml', Effect: 'Allow', Principal: { Federated: saml }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' };
  const diff = diffIn(model, {}, 'bucket.json', policy([]), policy([grant]));
  assert.deepEqual(
    diff.newAccess.filter((c) => c.principal === saml),
    [],
  );
});
