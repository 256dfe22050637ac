// @ts-check
// Evaluator throughput: evaluations per second for a user with several identity policies (own and group), a
// permissions boundary, a two-level SCP path with a conditional Deny, and a bucket policy. Reads the one-to-one
// transpile in out/js (run `node scripts/build.mjs` first; EVAL_OUT_DIR=… points elsewhere). Usage: node bench/evaluator.mjs [seconds]
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = [process.env.EVAL_OUT_DIR ?? '', join(root, 'out/js')].filter(Boolean).find((d) => existsSync(join(d, 'server/src/iam/evaluator/evaluate.js')));
if (!outDir) {
  console.error('out/js/server/src/iam/evaluator/evaluate.js not found: run `node scripts/build.mjs` first.');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { evaluate } = require(join(outDir, 'server/src/iam/evaluator/evaluate.js'));
const { parsePolicy } = require(join(outDir, 'server/src/iam/parser/parsePolicy.js'));

const ref = (name, type, doc) => ({ source: { name, type }, parsed: parsePolicy(JSON.stringify(doc, null, 2)) });
const allow = (Action, Resource, Condition) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const deny = (Action, Resource, Condition) => ({ Effect: 'Deny', Action, Resource, ...(Condition ? { Condition } : {}) });
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });

const account = '111111111111';
const identityPolicies = [
  ref(
    'S3Team',
    'identity',
    doc(
      allow(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::team-*/${aws:username}/*', 'arn:aws:s3:::shared/*']),
      allow('s3:ListBucket', 'arn:aws:s3:::team-*', { StringLike: { 's3:prefix': ['${aws:username}/*', 'public/*'] } }),
    ),
  ),
  ref(
    'Ec2Dev',
    'identity',
    doc(
      allow('ec2:Describe*', '*'),
      allow(['ec2:StartInstances', 'ec2:StopInstances'], `arn:aws:ec2:*:${account}:instance/*`, {
        StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' },
      }),
      deny('ec2:TerminateInstances', '*'),
    ),
  ),
  ref('Logs', 'identity', doc(allow(['logs:CreateLogStream', 'logs:PutLogEvents'], `arn:aws:logs:*:${account}:log-group:app-*`))),
  ref('Kms', 'identity', doc(allow(['kms:Decrypt', 'kms:GenerateDataKey'], '*', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['project'] } }))),
  ref(
    'GroupDevelopers',
    'identity',
    doc(
      allow('sqs:*', `arn:aws:sqs:us-east-1:${account}:dev-*`),
      allow('dynamodb:GetItem', `arn:aws:dynamodb:*:${account}:table/*`, { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
    ),
  ),
];
const boundary = ref('DevBoundary', 'boundary', doc(allow(['s3:*', 'ec2:*', 'logs:*', 'sqs:*', 'dynamodb:*', 'kms:*'], '*'), deny('iam:*', '*')));
const fullAccess = ref('FullAWSAccess', 'scp', doc(allow('*', '*')));
const scpDeny = ref(
  'GuardRails',
  'scp',
  doc(
    deny('*', '*', { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['*'] } }),
    deny('s3:*', '*', { Bool: { 'aws:SecureTransport': 'false' } }),
    deny('ec2:RunInstances', '*', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24'] } }),
  ),
);
const user = {
  kind: 'user',
  arn: `arn:aws:iam::${account}:user/alice`,
  accountId: account,
  name: 'alice',
  path: '/',
  uniqueId: 'AIDAALICE',
  tags: { team: 'blue' },
  identityPolicies,
  permissionsBoundary: boundary,
  groups: ['Developers'],
  serviceLinked: false,
};
const bucket = {
  arn: 'arn:aws:s3:::shared',
  accountId: account,
  tags: {},
  policy: ref(
    'shared bucket policy',
    'resource',
    doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::shared/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  ),
};
const acct = {
  id: account,
  isManagementAccount: false,
  organizationId: 'o-bench',
  orgPath: [
    { id: 'r-root', scps: [fullAccess, scpDeny], rcps: [] },
    { id: account, scps: [fullAccess], rcps: [] },
  ],
};
const model = {
  account: (id) => (id === account ? acct : undefined),
  principal: (arn) => (arn === user.arn ? user : undefined),
  resource: (arn) => (arn.startsWith('arn:aws:s3:::shared') ? bucket : undefined),
  principals: () => [user],
  resources: () => [bucket],
};

const base = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };
const requests = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::team-blue/alice/report.csv' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::shared/upload.bin' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::team-blue', context: { 's3:prefix': 'alice/2026/' } },
  { action: 'ec2:StartInstances', resource: `arn:aws:ec2:us-east-1:${account}:instance/i-0abc`, context: { 'aws:ResourceTag/team': 'blue' } },
  { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${account}:instance/i-0abc` },
  { action: 'iam:CreateUser', resource: `arn:aws:iam::${account}:user/x` },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${account}:table/orders` },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:eu-west-1:${account}:prod-q` },
].map((r) => ({ principal: user.arn, ...r, context: { ...base, ...(r.context ?? {}) } }));

const now = new Date('2026-06-15T12:00:00Z');
const seconds = Number(process.argv[2] ?? 3);
const decisions = requests.map((r) => evaluate(model, r, { now }).decision);
for (let i = 0; i < 2000; i++) evaluate(model, requests[i % requests.length], { now }); // warm-up (compiles, JIT)
let count = 0;
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
const limit = BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() - start < limit) {
  for (let i = 0; i < requests.length; i++) evaluate(model, requests[i], { now });
  count += requests.length;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`decisions: ${decisions.join(', ')}`);
// CPU time is the fairer figure on a shared machine: wall time includes waiting for a core.
console.log(
  `${count} evaluations in ${elapsed.toFixed(2)} s wall / ${cpuSeconds.toFixed(2)} s CPU: ` +
    `${Math.round(count / elapsed).toLocaleString('en-US')} evaluations/s wall, ${Math.round(count / cpuSeconds).toLocaleString('en-US')} per CPU-second`,
);
