// @ts-check
// Generates a large account model (docs/formats.md, section 2) into a folder: an organization with nested OUs and SCPs,
// several accounts, groups, customer managed policies (some inline in the model, some as separate files), AWS
// managed policy references, permissions boundaries, roles with trust policies, and resources with policies.
// The layout is regular on purpose, so that the decision of every request `expectedTests` produces is known by
// construction (and a `test` run should pass them all); the filler policies are random but grant only unrelated
// services, so they add parsing and matching work without changing those decisions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from './prng.mjs';

const MANAGEMENT = '999999999999';
const GROUPS_PER_ACCOUNT = 20;
const BOUNDED_EVERY = 7;

export function accountId(k) {
  return String(100000000000 + k * 1111);
}

const doc = (...statements) => ({ Version: '2012-10-17', Statement: statements });

/** Actions of services nobody's test is about: the noise every generated principal's policies carry. */
export const FILLER_SERVICES = [
  ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:Describe*'],
  ['cloudwatch:PutMetricData', 'cloudwatch:Get*'],
  ['ec2:Describe*', 'ec2:StartInstances', 'ec2:StopInstances'],
  ['sns:Publish', 'sns:Subscribe'],
  ['ssm:GetParameter*', 'ssm:DescribeParameters'],
];

function fillerPolicy(rng, account, j) {
  const services = FILLER_SERVICES;
  const statements = [];
  for (let s = rng.int(1, 4); s > 0; s--) {
    const actions = rng.pick(services);
    const statement = {
      Sid: `Filler${j}x${s}`,
      Effect: rng.chance(0.9) ? 'Allow' : 'Deny',
      Action: rng.sample(actions, rng.int(1, actions.length)),
      Resource: rng.chance(0.5) ? '*' : [`arn:aws:logs:eu-west-1:${account}:log-group:/app/${j}/*`, `arn:aws:ssm:eu-west-1:${account}:parameter/app${j}/*`],
    };
    if (rng.chance(0.4))
      statement.Condition = {
        StringEquals: { 'aws:PrincipalTag/team': `team-${rng.int(0, GROUPS_PER_ACCOUNT - 1)}` },
        Bool: { 'aws:SecureTransport': 'true' },
      };
    statements.push(statement);
  }
  return doc(...statements);
}

/**
 * Writes the model and returns what the tests and who-can need to know about it.
 * @param {{ dir: string, principals: number, policies: number, accounts: number, seed?: number }} options
 */
export function generateModel({ dir, principals, policies, accounts, seed = 11 }) {
  const rng = new Prng(seed);
  mkdirSync(join(dir, 'policies'), { recursive: true });
  const perAccount = Math.ceil(principals / accounts);
  const policiesPerAccount = Math.max(GROUPS_PER_ACCOUNT + 2, Math.floor((policies - 3) / accounts));
  const model = {
    organization: {
      id: 'o-bench0scale',
      managementAccount: MANAGEMENT,
      policies: {
        FullAWSAccess: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        DenyDeleteObjects: doc({ Sid: 'NoDeletes', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: '*' }),
        DenyOutsideEU: './policies/scp-deny-outside-eu.json',
      },
      root: { id: 'r-bench', scps: ['FullAWSAccess'], rcps: [], accounts: [MANAGEMENT], children: /** @type {OrgUnit[]} */ ([]) },
    },
    accounts: {},
  };
  writeFileSync(
    join(dir, 'policies/scp-deny-outside-eu.json'),
    JSON.stringify(
      doc({
        Sid: 'DenyOutsideEU',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 's3:*', 'organizations:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
      }),
      null,
      2,
    ),
  );
  /** @typedef {{ id: string, scps: string[], rcps: string[], accounts: string[], children: OrgUnit[] }} OrgUnit */
  /** @type {OrgUnit} */
  const prod = { id: 'ou-bench-prod', scps: ['FullAWSAccess', 'DenyDeleteObjects'], rcps: [], accounts: [], children: [] };
  /** @type {OrgUnit} */
  const prodEu = { id: 'ou-bench-prod-eu', scps: ['FullAWSAccess'], rcps: [], accounts: [], children: [] };
  /** @type {OrgUnit} */
  const dev = { id: 'ou-bench-dev', scps: ['FullAWSAccess', 'DenyOutsideEU'], rcps: [], accounts: [], children: [] };
  prod.children.push(prodEu);
  model.organization.root.children.push(prod, dev);

  const users = [];
  const roles = [];
  let policyCount = 3;
  for (let k = 0; k < accounts; k++) {
    const id = accountId(k);
    const ou = k % 2 === 0 ? (k % 4 === 0 ? prodEu : prod) : dev;
    ou.accounts.push(id);
    const section = { policies: {}, users: {}, groups: {}, roles: {}, resources: {} };
    for (let g = 0; g < GROUPS_PER_ACCOUNT; g++) {
      const bucket = `arn:aws:s3:::acct${k}-data-${g}`;
      section.policies[`Team${g}Data`] = doc(
        { Sid: 'ReadWrite', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${bucket}/*` },
        {
          Sid: 'List',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: bucket,
          Condition: { StringLike: { 's3:prefix': ['', 'reports/*', '${aws:username}/*'] } },
        },
      );
      section.groups[`team-${g}`] = { policies: [`Team${g}Data`], inlinePolicies: {} };
      section.resources[bucket] = {
        policy: doc({
          Sid: 'TlsOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucket, `${bucket}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        tags: { classification: g % 2 ? 'internal' : 'public' },
      };
    }
    section.policies.DevBoundary = doc({ Effect: 'Allow', Action: ['s3:List*', 's3:GetBucket*', 'logs:*', 'ec2:Describe*', 'dynamodb:*'], Resource: '*' });
    const fillers = [];
    for (let j = 0; j < policiesPerAccount - GROUPS_PER_ACCOUNT - 1; j++) {
      const name = `Filler${j}`;
      const policy = fillerPolicy(rng, id, j);
      if (j % 4 === 0) {
        const file = `policies/a${k}-filler-${j}.json`;
        writeFileSync(join(dir, file), JSON.stringify(policy, null, 2));
        section.policies[name] = `./${file}`;
      } else {
        section.policies[name] = policy;
      }
      fillers.push(name);
    }
    policyCount += Object.keys(section.policies).length;
    const start = k * perAccount;
    const end = Math.min(principals, start + perAccount);
    for (let i = start; i < end; i++) {
      const local = i - start;
      const g = local % GROUPS_PER_ACCOUNT;
      if (local % 7 === 3) {
        const name = `svc${local}`;
        const entity = {
          trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
          policies: [...rng.sample(fillers, rng.int(0, 2)), ...(local % 3 === 0 ? ['arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess'] : [])],
          inlinePolicies: {
            table: doc({
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:Query'],
              Resource: `arn:aws:dynamodb:eu-west-1:${id}:table/t${local % 10}`,
              Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
            }),
          },
          tags: { team: `team-${g}` },
        };
        section.roles[name] = entity;
        roles.push({ arn: `arn:aws:iam::${id}:role/${name}`, account: id, k, table: local % 10, dev: ou === dev });
      } else {
        const name = `u${local}`;
        const bounded = local % BOUNDED_EVERY === 0;
        section.users[name] = {
          groups: [`team-${g}`],
          policies: rng.sample(fillers, rng.int(0, 2)),
          ...(rng.chance(0.2) ? { inlinePolicies: { own: fillerPolicy(rng, id, 1000 + local) } } : {}),
          ...(bounded ? { permissionsBoundary: 'DevBoundary' } : {}),
          tags: { team: `team-${g}` },
        };
        users.push({ arn: `arn:aws:iam::${id}:user/${name}`, account: id, k, g, bounded, prod: ou !== dev });
      }
    }
    model.accounts[id] = section;
  }
  const file = join(dir, 'bench.iam-model.json');
  writeFileSync(file, JSON.stringify(model, null, 2));
  return { file, users, roles, policyCount, principalCount: users.length + roles.length };
}

/**
 * `count` test cases over the generated model, cycling through six request shapes whose decision follows from the
 * model's layout (see the comment at the top of this file).
 */
export function expectedTests(info, count) {
  const tests = [];
  const secure = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' };
  for (let n = 0; tests.length < count; n++) {
    const shape = n % 6;
    if (shape === 4 || shape === 5) {
      const role = info.roles[Math.floor(n / 6) % info.roles.length];
      const resource = `arn:aws:dynamodb:eu-west-1:${role.account}:table/t${role.table}`;
      if (shape === 4) {
        tests.push({ name: `role reads its table ${n}`, principal: role.arn, action: 'dynamodb:GetItem', resource, context: secure, expect: 'allowed' });
      } else {
        tests.push({
          name: `role outside the EU ${n}`,
          principal: role.arn,
          action: 'dynamodb:GetItem',
          resource,
          context: { 'aws:RequestedRegion': 'us-east-1' },
          expect: role.dev ? 'explicitDeny' : 'implicitDeny',
        });
      }
      continue;
    }
    const user = info.users[Math.floor(n / 6) % info.users.length];
    const own = `arn:aws:s3:::acct${user.k}-data-${user.g}`;
    const other = `arn:aws:s3:::acct${user.k}-data-${(user.g + 1) % GROUPS_PER_ACCOUNT}`;
    switch (shape) {
      case 0:
        tests.push({
          name: `user reads own data ${n}`,
          principal: user.arn,
          action: 's3:GetObject',
          resource: `${own}/reports/q1.csv`,
          context: secure,
          expect: user.bounded ? 'implicitDeny' : 'allowed',
        });
        break;
      case 1:
        tests.push({
          name: `user reads another team's data ${n}`,
          principal: user.arn,
          action: 's3:GetObject',
          resource: `${other}/reports/q1.csv`,
          context: secure,
          expect: 'implicitDeny',
        });
        break;
      case 2:
        tests.push({
          name: `user deletes ${n}`,
          principal: user.arn,
          action: 's3:DeleteObject',
          resource: `${own}/old.csv`,
          context: secure,
          expect: user.prod ? 'explicitDeny' : user.bounded ? 'implicitDeny' : 'allowed',
        });
        break;
      default:
        tests.push({
          name: `user without TLS ${n}`,
          principal: user.arn,
          action: 's3:GetObject',
          resource: `${own}/reports/q1.csv`,
          context: { 'aws:SecureTransport': 'false', 'aws:RequestedRegion': 'eu-west-1' },
          expect: 'explicitDeny',
        });
    }
  }
  return tests;
}
