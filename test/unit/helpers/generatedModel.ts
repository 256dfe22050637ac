// A seeded, varied account model for tests that compare two ways of answering (lazy and eager loading, who-can with
// and without its index): an organization whose SCPs allow, deny and use NotAction, three accounts, users and roles
// with inline and managed policies, groups, permissions boundaries, conditions, and resources with policies.
import { seededRandom } from '../../fuzz/prng';

export const GENERATED_ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
export const GENERATED_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  'sqs:SendMessage',
  'dynamodb:GetItem',
  'ec2:DescribeInstances',
  'kms:Decrypt',
];

const PATTERNS = [
  's3:GetObject',
  's3:Get*',
  's3:*',
  'S3:getobject',
  'sqs:Send*',
  'dynamodb:GetItem',
  'ec2:Describe*',
  'kms:*',
  'logs:*',
  '*',
  's3:?utObject',
  'iam:PassRole',
];

export function generatedResources(): string[] {
  return GENERATED_ACCOUNTS.flatMap((account, k) => [
    `arn:aws:s3:::bucket-${k}/reports/q1.csv`,
    `arn:aws:s3:::open-${k}/x`,
    `arn:aws:sqs:eu-west-1:${account}:queue-${k}`,
    `arn:aws:dynamodb:eu-west-1:${account}:table/t${k}`,
    '*',
  ]);
}

/** The model's text: `principals` users and roles spread over the accounts. */
export function generatedModelText(seed: number, principals: number): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const statement = (effectBias: number, withPrincipal: boolean): Record<string, unknown> => {
    const s: Record<string, unknown> = { Effect: next() < effectBias ? 'Allow' : 'Deny' };
    if (next() < 0.1) s['NotAction'] = pick(PATTERNS);
    else s['Action'] = next() < 0.5 ? pick(PATTERNS) : [pick(PATTERNS), pick(PATTERNS)];
    s['Resource'] = pick(['*', 'arn:aws:s3:::bucket-*/*', 'arn:aws:sqs:*:*:queue-*', 'arn:aws:dynamodb:eu-west-1:*:table/t1']);
    if (withPrincipal) s['Principal'] = pick(['*', { AWS: pick(GENERATED_ACCOUNTS) }, { AWS: `arn:aws:iam::${pick(GENERATED_ACCOUNTS)}:user/u1` }]);
    if (next() < 0.3) s['Condition'] = pick([{ Bool: { 'aws:SecureTransport': 'true' } }, { StringEquals: { 'aws:PrincipalTag/team': 'red' } }]);
    return s;
  };
  const policy = (count: number, effectBias: number, withPrincipal = false): Record<string, unknown> => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: count }, () => statement(effectBias, withPrincipal)),
  });
  const organization = {
    id: 'o-generated01',
    managementAccount: '999999999999',
    policies: { GuardS3: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] }, NoKms: policy(1, 0) },
    root: {
      id: 'r-gen',
      accounts: ['999999999999'],
      children: [
        { id: 'ou-gen-a', scps: ['FullAWSAccess', 'GuardS3'], accounts: [GENERATED_ACCOUNTS[0]] },
        { id: 'ou-gen-b', scps: ['FullAWSAccess', 'NoKms'], accounts: [GENERATED_ACCOUNTS[1]] },
      ],
    },
  };
  const accounts: Record<string, unknown> = {};
  GENERATED_ACCOUNTS.forEach((account, k) => {
    const section: Record<string, Record<string, unknown>> = { policies: {}, users: {}, groups: {}, roles: {}, resources: {} };
    for (let p = 0; p < 4; p++) (section['policies'] as Record<string, unknown>)[`Managed${p}`] = policy(2, 0.8);
    (section['policies'] as Record<string, unknown>)['Boundary'] = policy(1, 1);
    (section['groups'] as Record<string, unknown>)['devs'] = { policies: ['Managed0'] };
    (section['resources'] as Record<string, unknown>)[`arn:aws:s3:::bucket-${k}`] = { policy: policy(2, 0.7, true) };
    (section['resources'] as Record<string, unknown>)[`arn:aws:sqs:eu-west-1:${account}:queue-${k}`] = { policy: policy(1, 1, true) };
    accounts[account] = section;
  });
  for (let i = 0; i < principals; i++) {
    const section = accounts[GENERATED_ACCOUNTS[i % GENERATED_ACCOUNTS.length] as string] as Record<string, Record<string, unknown>>;
    const inlinePolicies: Record<string, unknown> = {};
    // Some principals have no policy naming the requested services at all: the ones who-can's index skips.
    const quiet = next() < 0.4;
    for (let n = next() < 0.5 ? 1 : 2; n > 0; n--)
      inlinePolicies[`p${n}`] = quiet
        ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] }
        : policy(1 + Math.floor(next() * 3), 0.75);
    const entity: Record<string, unknown> = { inlinePolicies, tags: { team: pick(['red', 'blue']) } };
    if (!quiet && next() < 0.4) entity['policies'] = [pick(['Managed0', 'Managed1', 'Managed2', 'Managed3'])];
    if (next() < 0.2) entity['permissionsBoundary'] = 'Boundary';
    if (i % 3 === 2) {
      entity['trustPolicy'] = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      };
      (section['roles'] as Record<string, unknown>)[`r${i}`] = entity;
    } else {
      if (!quiet && next() < 0.3) entity['groups'] = ['devs'];
      (section['users'] as Record<string, unknown>)[`u${i}`] = entity;
    }
  }
  return JSON.stringify({ organization, accounts }, null, 2);
}
