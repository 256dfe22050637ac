// The organization-scale model of issue 14: 10,000 principals (each with one to three inline policies), about 9,000
// resources with policies and about 3,900 OUs with their own SCPs, about 12 MB of JSON, plus one request per principal.
// Each request is also written as an @cloud-copilot/iam-simulate `Simulation`, so both engines answer the same
// scenarios. The decisions are known by construction (the `test` run must pass them all):
//   shape 0: s3:GetObject on the principal's bucket over TLS          → allowed (its first inline policy)
//   shape 1: the same without TLS                                      → explicitDeny (the bucket's policy)
//   shape 2: s3:PutBucketPolicy on its bucket                          → explicitDeny (its leaf OU's SCP)
//   shape 3: s3:DeleteObject on its bucket                             → implicitDeny (nothing grants it)
// Filler statements grant only unrelated services, so they add parsing and matching work without changing these.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from './prng.mjs';
import { FILLER_SERVICES } from './modelGenerator.mjs';

const ORG_ID = 'o-orgscale000';
const MANAGEMENT = '999999999999';
const TOP_OUS = 60;
const CHILDREN_PER_OU = 64;
const PRINCIPALS_PER_ACCOUNT = 20;
const BUCKETS_PER_ACCOUNT = 18;
const REGION_CONTEXT = { 'aws:RequestedRegion': 'eu-west-1' };

const doc = (...statements) => ({ Version: '2012-10-17', Statement: statements });
const FULL_ACCESS = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

const accountId = (a) => String(200000000000 + a * 7919);
const bucketArn = (a, b) => `arn:aws:s3:::org${a}-bucket-${b}`;

function guardScp(ou) {
  return doc(
    { Sid: 'NoBucketPolicyChanges', Effect: 'Deny', Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'], Resource: '*' },
    {
      Sid: `RegionLock${ou.replace(/[^A-Za-z0-9]/g, '')}`,
      Effect: 'Deny',
      Action: ['ec2:RunInstances', 'ec2:TerminateInstances'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    },
  );
}

function fillerPolicy(rng, account, n) {
  const services = FILLER_SERVICES;
  const statements = [];
  for (let s = rng.int(1, 2); s > 0; s--) {
    const actions = rng.pick(services);
    const statement = {
      Sid: `Filler${n}x${s}`,
      Effect: 'Allow',
      Action: rng.sample(actions, rng.int(1, actions.length)),
      Resource: rng.chance(0.7) ? '*' : [`arn:aws:logs:eu-west-1:${account}:log-group:/app/${n}/*`, `arn:aws:ssm:eu-west-1:${account}:parameter/app${n}/*`],
    };
    if (rng.chance(0.4)) statement.Condition = { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } };
    statements.push(statement);
  }
  return doc(...statements);
}

function dataPolicy(bucket) {
  return doc({
    Sid: 'ReadWrite',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject', 's3:PutBucketPolicy', 's3:ListBucket'],
    Resource: [bucket, `${bucket}/*`],
  });
}

function bucketPolicy(bucket, otherAccount) {
  return doc(
    {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    { Sid: 'PartnerRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${otherAccount}:role/partner` }, Action: 's3:GetObject', Resource: `${bucket}/*` },
  );
}

/**
 * Writes `org-scale.iam-model.json` and `org-scale.iam-test.json` into `dir`; returns their paths and the scenarios
 * as iam-simulate simulations.
 */
export function generateOrgScaleModel({ dir, principals = 10000, seed = 23 }) {
  const rng = new Prng(seed);
  const accounts = Math.ceil(principals / PRINCIPALS_PER_ACCOUNT);
  const policies = { FullAWSAccess: FULL_ACCESS };
  /** @type {{ id: string, scps: string[], rcps: string[], accounts: any[], children: any[] }} */
  const root = { id: 'r-orgs', scps: ['FullAWSAccess'], rcps: [], accounts: [MANAGEMENT], children: [] };
  const leaves = [];
  const pathOf = new Map();
  for (let t = 0; t < TOP_OUS; t++) {
    const topId = `ou-orgs-t${t}`;
    policies[`Guard-${topId}`] = guardScp(topId);
    /** @type {{ id: string, scps: string[], rcps: string[], accounts: any[], children: any[] }} */
    const top = { id: topId, scps: ['FullAWSAccess', `Guard-${topId}`], rcps: [], accounts: [], children: [] };
    root.children.push(top);
    for (let c = 0; c < CHILDREN_PER_OU; c++) {
      const leafId = `ou-orgs-t${t}-c${c}`;
      policies[`Guard-${leafId}`] = guardScp(leafId);
      /** @type {{ id: string, scps: string[], rcps: string[], accounts: any[], children: any[] }} */
      const leaf = { id: leafId, scps: ['FullAWSAccess', `Guard-${leafId}`], rcps: [], accounts: [], children: [] };
      top.children.push(leaf);
      leaves.push({ leaf, top });
    }
  }
  const model = { organization: { id: ORG_ID, managementAccount: MANAGEMENT, policies, root }, accounts: {} };
  const tests = [];
  const simulations = [];
  for (let a = 0; a < accounts; a++) {
    const id = accountId(a);
    const { leaf, top } = leaves[(a * 7) % leaves.length];
    leaf.accounts.push({ id, scps: ['FullAWSAccess'], rcps: [] });
    pathOf.set(id, [root, top, leaf]);
    const section = { users: {}, roles: {}, resources: {} };
    for (let b = 0; b < BUCKETS_PER_ACCOUNT; b++) {
      const bucket = bucketArn(a, b);
      section.resources[bucket] = { policy: bucketPolicy(bucket, accountId((a + 1) % accounts)) };
    }
    for (let p = 0; p < PRINCIPALS_PER_ACCOUNT && a * PRINCIPALS_PER_ACCOUNT + p < principals; p++) {
      const n = a * PRINCIPALS_PER_ACCOUNT + p;
      const bucket = bucketArn(a, p % BUCKETS_PER_ACCOUNT);
      const inline = { data: dataPolicy(bucket) };
      for (let f = rng.int(0, 2); f > 0; f--) inline[`extra${f}`] = fillerPolicy(rng, id, n * 3 + f);
      const isRole = p % 10 >= 7;
      const name = isRole ? `app${p}` : `user${p}`;
      const arn = `arn:aws:iam::${id}:${isRole ? 'role' : 'user'}/${name}`;
      if (isRole) {
        section.roles[name] = {
          trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
          inlinePolicies: inline,
          tags: { team: `team-${p % 5}` },
        };
      } else {
        section.users[name] = { inlinePolicies: inline, tags: { team: `team-${p % 5}` } };
      }
      const request = requestFor(n, arn, bucket);
      tests.push({
        name: `${request.why} ${n}`,
        principal: arn,
        action: request.action,
        resource: request.resource,
        context: request.context,
        expect: request.expect,
      });
      const levels = pathOf.get(id).map((level) => ({ orgIdentifier: level.id, policies: level.scps.map((scp) => ({ name: scp, policy: policies[scp] })) }));
      levels.push({ orgIdentifier: id, policies: [{ name: 'FullAWSAccess', policy: FULL_ACCESS }] });
      simulations.push({
        expect: request.expect,
        simulation: {
          request: { principal: arn, action: request.action, resource: { resource: request.resource, accountId: id }, contextVariables: request.context },
          identityPolicies: Object.entries(inline).map(([policyName, policy]) => ({ name: policyName, policy })),
          serviceControlPolicies: levels,
          resourceControlPolicies: [],
          resourcePolicy: section.resources[bucket].policy,
        },
      });
    }
    model.accounts[id] = section;
  }
  const modelFile = join(dir, 'org-scale.iam-model.json');
  const modelText = JSON.stringify(model);
  writeFileSync(modelFile, modelText);
  const testFile = join(dir, 'org-scale.iam-test.json');
  writeFileSync(testFile, JSON.stringify({ model: './org-scale.iam-model.json', tests }, null, 1));
  const simulationsFile = join(dir, 'org-scale.simulations.json');
  writeFileSync(simulationsFile, JSON.stringify(simulations));
  return {
    modelFile,
    testFile,
    simulationsFile,
    bytes: Buffer.byteLength(modelText),
    principals: tests.length,
    accounts,
    ous: TOP_OUS * (CHILDREN_PER_OU + 1),
    resources: accounts * BUCKETS_PER_ACCOUNT,
    first: tests[0],
  };
}

function requestFor(n, _principal, bucket) {
  const tls = (on) => ({ ...REGION_CONTEXT, 'aws:SecureTransport': on ? 'true' : 'false' });
  switch (n % 4) {
    case 0:
      return { why: 'reads its bucket', action: 's3:GetObject', resource: `${bucket}/reports/q1.csv`, context: tls(true), expect: 'allowed' };
    case 1:
      return { why: 'reads without TLS', action: 's3:GetObject', resource: `${bucket}/reports/q1.csv`, context: tls(false), expect: 'explicitDeny' };
    case 2:
      return { why: 'changes the bucket policy', action: 's3:PutBucketPolicy', resource: bucket, context: tls(true), expect: 'explicitDeny' };
    default:
      return { why: 'deletes', action: 's3:DeleteObject', resource: `${bucket}/old.csv`, context: tls(true), expect: 'implicitDeny' };
  }
}

/**
 * An authorization-details export (`aws iam get-account-authorization-details`, documents as JSON objects, one-space
 * indent) of one account with `principals` users and roles, each with one or two inline policies and up to two of
 * 200 managed ones: about 56 MB for 52,000 principals. Returns the file and a principal whose request the bench simulates.
 */
export function generateExport({ dir, principals = 52000, seed = 31 }) {
  const rng = new Prng(seed);
  const account = '123456789012';
  const managed = Array.from({ length: 200 }, (_, m) => ({
    PolicyName: `Managed${m}`,
    PolicyId: `ANPA${String(m).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${account}:policy/Managed${m}`,
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [{ Document: fillerPolicy(rng, account, m), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' }],
  }));
  const users = [];
  const roles = [];
  for (let n = 0; n < principals; n++) {
    const bucket = `arn:aws:s3:::gaad-bucket-${n % 500}`;
    const inline = [{ PolicyName: 'data', PolicyDocument: dataPolicy(bucket) }];
    if (rng.chance(0.3)) inline.push({ PolicyName: 'extra', PolicyDocument: fillerPolicy(rng, account, n) });
    const attached = rng.sample(managed, rng.int(0, 2)).map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }));
    if (n % 4 === 3) {
      roles.push({
        Path: '/',
        RoleName: `app${n}`,
        RoleId: `AROA${String(n).padStart(17, '0')}`,
        Arn: `arn:aws:iam::${account}:role/app${n}`,
        CreateDate: '2024-01-01T00:00:00Z',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [],
        RolePolicyList: inline.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: p.PolicyDocument })),
        AttachedManagedPolicies: attached,
        Tags: [{ Key: 'team', Value: `team-${n % 5}` }],
      });
    } else {
      users.push({
        Path: '/',
        UserName: `user${n}`,
        UserId: `AIDA${String(n).padStart(17, '0')}`,
        Arn: `arn:aws:iam::${account}:user/user${n}`,
        CreateDate: '2024-01-01T00:00:00Z',
        UserPolicyList: inline,
        GroupList: [],
        AttachedManagedPolicies: attached,
        Tags: [{ Key: 'team', Value: `team-${n % 5}` }],
      });
    }
  }
  const file = join(dir, 'gaad-export.json');
  const text = JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: managed }, null, 1);
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text), principals, someone: users[0].Arn, bucket: 'arn:aws:s3:::gaad-bucket-0' };
}
