// `iam-policy-lab who-can` end to end on the examples workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_MODEL, runCli, tempWorkspace } from './cliRun';

test('who can upload to the app bucket: alice through Developers, the app role, the account roots', () => {
  const run = runCli([
    'who-can',
    '--model',
    EXAMPLE_MODEL,
    '--action',
    's3:PutObject',
    '--resource',
    'arn:aws:s3:::example-app-data/uploads/a.txt',
    '--context',
    'aws:SecureTransport=true',
    '--format',
    'json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { allowed: { principal: string; via: string }[]; denied: number };
  const byPrincipal = new Map(output.allowed.map((a) => [a.principal, a.via]));
  assert.equal(
    byPrincipal.get('arn:aws:iam::111111111111:user/alice'),
    'statement ReadAndWriteObjectsInTheAppBucket of DevelopersAppBucketReadWrite (attached to group Developers)',
  );
  assert.equal(
    byPrincipal.get('arn:aws:iam::111111111111:role/service-role/app-server'),
    'statement WriteUploads of AppServerAccess (attached to role app-server)',
  );
  assert.ok(byPrincipal.has('arn:aws:iam::111111111111:root'));
  assert.ok(!byPrincipal.has('arn:aws:iam::111111111111:user/bob'));
  assert.ok(!byPrincipal.has('arn:aws:iam::111111111111:user/erin'));
  // Every user, role and account root is either allowed or counted as denied.
  const all = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 'sts:GetCallerIdentity', '-r', '*', '-f', 'json']);
  const everyone = JSON.parse(all.stdout) as { allowed: unknown[]; denied: number };
  assert.equal(output.allowed.length + output.denied, everyone.allowed.length + everyone.denied);
  assert.equal(everyone.denied, 0);
});

test('text output lists each allowed principal, worded as everywhere, with its ARN, the statement and where it is', () => {
  const run = runCli([
    'who-can',
    '-m',
    EXAMPLE_MODEL,
    '-a',
    'kms:Decrypt',
    '-r',
    'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /✔ app-server \(role, 111111111111\)  arn:aws:iam::111111111111:role\/service-role\/app-server\n {6}via statement AppServerEncryptsAndDecrypts of policy of arn:aws:kms:.*\(policies\/app-key\.policy\.json:\d+:\d+\)/,
  );
  assert.match(run.stdout, /\d+ denied\./);
  assert.equal(runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 'kms:Decrypt']).code, 2);
});

/** A read of the app bucket with the region and transport every request carries: nothing for who-can to warn of. */
const ASKED_AS_AWS_ASKS = [
  'who-can',
  '-m',
  EXAMPLE_MODEL,
  '-a',
  's3:GetObject',
  '-r',
  'arn:aws:s3:::example-app-data/x',
  '-c',
  'aws:RequestedRegion=eu-west-1',
  '-c',
  'aws:SecureTransport=true',
];

test('a misspelt action is said once, on stderr, before the answer', () => {
  const run = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObjekt', '-r', 'arn:aws:s3:::example-app-data/x']);
  assert.equal(run.code, 0);
  assert.match(run.stderr, /^iam-policy-lab who-can: warning: .*no action 'GetObjekt'.*Did you mean 's3:GetObject'/);
  assert.equal(run.stderr.split('\n').filter((line) => line.includes('GetObjekt')).length, 1);
  // Spelt right and asked as AWS asks it (with the region and transport every request carries): nothing to say.
  const clean = runCli(ASKED_AS_AWS_ASKS);
  assert.equal(clean.stderr, '');
});

test('denials that meet a key AWS sets on every request absent (a region-lock SCP) come with a warning that says so', () => {
  const run = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::example-app-data/x']);
  assert.match(run.stderr, /warning: aws:RequestedRegion .*absent from this request, but AWS sets (it|them) on every request/);
  const simulate = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam::222222222222:user/dave', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::x/y']);
  assert.match(simulate.stdout, /Problems:\n {2}! aws:RequestedRegion .*absent from this request, but AWS sets/);
});

test('a resource whose ARN names its Region is asked in that Region, as AWS is; the answer says so where the Region decided', () => {
  // The queue is in eu-west-1, the Region the sandbox's region-lock SCP allows: the reporting role its policy lets in can
  // read it, with no context given and no warning (AWS sets aws:RequestedRegion to the Region called, the queue's).
  const queue = ['-a', 'sqs:ReceiveMessage', '-r', 'arn:aws:sqs:eu-west-1:111111111111:example-orders'];
  const who = runCli(['who-can', '-m', EXAMPLE_MODEL, ...queue, '-f', 'json']);
  assert.equal(who.code, 0, who.stderr);
  const answer = JSON.parse(who.stdout) as { allowed: { principal: string }[]; problems?: unknown };
  assert.ok(
    answer.allowed.some((a) => a.principal === 'arn:aws:iam::222222222222:role/reporting'),
    who.stdout,
  );
  assert.equal(answer.problems, undefined);
  // The same queue in us-east-1: the SCP denies, the answer names the Region it took and how to ask about another, and
  // no fix tells the caller to call a us-east-1 queue in eu-west-1.
  const role = ['-p', 'arn:aws:iam::222222222222:role/reporting', '-a', 'sqs:ReceiveMessage'];
  const east = runCli(['simulate', '-m', EXAMPLE_MODEL, ...role, '-r', 'arn:aws:sqs:us-east-1:111111111111:example-orders']);
  assert.match(east.stdout, /DENIED \(explicit deny\)/);
  assert.match(east.stdout, /! aws:RequestedRegion is taken as us-east-1, the Region the resource's ARN names/);
  assert.doesNotMatch(east.stdout, /Set aws:RequestedRegion/);
  // who-can says it too, once, for the denials that turned on it.
  const eastWho = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 'sqs:ReceiveMessage', '-r', 'arn:aws:sqs:us-east-1:111111111111:example-orders', '-f', 'json']);
  const eastAnswer = JSON.parse(eastWho.stdout) as { problems?: { code: string; message: string }[] };
  assert.match(eastAnswer.problems?.find((p) => p.code === 'regionFromResource')?.message ?? '', /aws:RequestedRegion is taken as us-east-1/);
  // Given in the context, the Region is the caller's: no note, and the context decides.
  const given = runCli([
    'simulate',
    '-m',
    EXAMPLE_MODEL,
    ...role,
    '-r',
    'arn:aws:sqs:eu-west-1:111111111111:example-orders',
    '-c',
    'aws:RequestedRegion=us-east-1',
  ]);
  assert.match(given.stdout, /DENIED \(explicit deny\)/);
  assert.doesNotMatch(given.stdout, /taken as/);
  // A call AWS would not route there: said.
  assert.match(
    given.stdout,
    /! aws:RequestedRegion is us-east-1, but the resource's ARN names eu-west-1: AWS reaches the resource through eu-west-1's endpoint/,
  );
  // A Region the caller gave is the caller's to change: calling the queue in its own Region is the fix, whatever the
  // letter case the caller wrote the key in.
  assert.match(given.stdout, /Set aws:RequestedRegion to eu-west-1 in the request context → allowed/);
  const lower = runCli([
    'simulate',
    '-m',
    EXAMPLE_MODEL,
    ...role,
    '-r',
    'arn:aws:sqs:eu-west-1:111111111111:example-orders',
    '-c',
    'aws:requestedregion=us-east-1',
  ]);
  assert.match(lower.stdout, /Set aws:RequestedRegion to eu-west-1 in the request context → allowed/);
  // Allowed in the queue's own Region: nothing to say about the Region.
  const own = runCli(['simulate', '-m', EXAMPLE_MODEL, ...role, '-r', 'arn:aws:sqs:eu-west-1:111111111111:example-orders']);
  assert.match(own.stdout, /✔ ALLOWED/);
  assert.doesNotMatch(own.stdout, /taken as|Problems:/);
  // A copy is made in the destination's Region, not the source snapshot's: that Region is left to the request.
  const copySnapshot = (region: string, ...context: string[]) =>
    runCli([
      'simulate',
      '-m',
      EXAMPLE_MODEL,
      '-p',
      'arn:aws:iam::222222222222:user/dave',
      '-a',
      'ec2:CopySnapshot',
      '-r',
      `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`,
      ...context,
    ]);
  const copy = copySnapshot('eu-west-1');
  assert.match(copy.stdout, /aws:RequestedRegion is absent from this request/);
  const copyGiven = copySnapshot('us-east-1', '-c', 'aws:RequestedRegion=eu-west-1');
  assert.doesNotMatch(copyGiven.stdout, /but the resource's ARN names/);
  // A bucket's ARN names no Region: it stays absent, said as before, and setting it is still a fix.
  const bucket = runCli([
    'simulate',
    '-m',
    EXAMPLE_MODEL,
    '-p',
    'arn:aws:sts::222222222222:assumed-role/reporting/nightly',
    '-a',
    's3:GetObject',
    '-r',
    'arn:aws:s3:::example-app-data/reports/q.csv',
    '-c',
    'aws:SecureTransport=true',
  ]);
  assert.match(bucket.stdout, /aws:RequestedRegion is absent from this request/);
  assert.match(bucket.stdout, /Set aws:RequestedRegion to eu-west-1/);
});

test('--format json carries the warnings as problems with their codes, for a script that gates on them', () => {
  const run = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::example-app-data/x', '-f', 'json']);
  assert.equal(run.code, 0, run.stderr);
  const answer = JSON.parse(run.stdout) as { problems?: { code: string; message: string }[] };
  const absent = answer.problems?.find((p) => p.code === 'absentKeyAwsAlwaysSets');
  assert.match(absent?.message ?? '', /aws:RequestedRegion .*absent from this request/);
  // Asked as AWS asks it, there is nothing to say, and no problems key.
  const clean = runCli([...ASKED_AS_AWS_ASKS, '-f', 'json']);
  assert.equal((JSON.parse(clean.stdout) as { problems?: unknown }).problems, undefined);
});

test('more than 50 allowed are grouped by the statement that grants them, largest first, a few of each shown', () => {
  const read = (sid: string) => ({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const users: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) users[`member${i}`] = { groups: ['readers'] };
  for (let i = 0; i < 12; i++) users[`direct${i}`] = { policies: ['Reports'] };
  for (let i = 0; i < 3; i++) users[`own${i}`] = { inlinePolicies: { mine: read('Mine') } };
  const model = { accounts: { '111111111111': { policies: { Reports: read('Reports') }, groups: { readers: { policies: ['Reports'] } }, users } } };
  const dir = tempWorkspace({ 'm.iam-model.json': JSON.stringify(model, null, 1) });
  const request = ['--model', 'm.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'];
  const run = runCli(['who-can', ...request], dir);
  assert.equal(run.code, 0, run.stderr);
  const headers = run.stdout.split('\n').filter((line) => /^ {2}\d+ principals? via/.test(line));
  assert.deepEqual(
    headers.map((line) => line.replace(/ {2}\(m\.iam-model\.json:\d+:\d+\)/, ' (at its line)')),
    [
      '  40 principals via statement Reports of Reports (attached to group readers) (at its line):',
      '  12 principals via statement Reports of Reports (arn:aws:iam::111111111111:policy/Reports, attached to each of them) (at its line):',
      '  3 principals via statement Mine of inline policy mine (each has its own policy of that name):',
      "  1 principal via the account root user's full access to its own account, which only a Deny or an organization policy limits:",
    ],
  );
  assert.match(run.stdout, /^56 principals allowed s3:GetObject on arn:aws:s3:::b\/k:$/m);
  assert.match(run.stdout, /^ {6}… and 30 more \(--format json lists every one\)$/m);
  assert.match(run.stdout, /^ {4}✔ member0 \(user, 111111111111\) {2}arn:aws:iam::111111111111:user\/member0$/m);
  assert.equal(run.stdout.split('\n').filter((line) => line.startsWith('    ✔')).length, 10 + 10 + 3 + 1);
  // Scripts get every principal, one by one, as before.
  const json = JSON.parse(runCli(['who-can', ...request, '--format', 'json'], dir).stdout) as { allowed: unknown[] };
  assert.equal(json.allowed.length, 56);
});

test('a resource the model lacks, a few edits from one it lists, is warned of with the one meant: a bucket by name, a role by its name', () => {
  const bucket = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::example-app-dat/x', '-c', 'aws:SecureTransport=true']);
  assert.equal(bucket.code, 0, bucket.stderr);
  assert.match(
    bucket.stderr,
    /^iam-policy-lab who-can: warning: arn:aws:s3:::example-app-dat is not in the model\. Did you mean arn:aws:s3:::example-app-data\?$/m,
  );
  const role = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 'sts:AssumeRole', '-r', 'arn:aws:iam::111111111111:role/app-servr', '--format', 'json']);
  const problems = (JSON.parse(role.stdout) as { problems?: { code: string; message: string }[] }).problems ?? [];
  assert.deepEqual(
    problems.filter((p) => p.code === 'unknownResource').map((p) => p.message),
    ['arn:aws:iam::111111111111:role/app-servr is not in the model. Did you mean arn:aws:iam::111111111111:role/service-role/app-server?'],
  );
  // A bucket the model leaves out on purpose (no policy of its own), far from any it lists, is no typo.
  const other = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::unrelated-bucket/x', '-c', 'aws:SecureTransport=true']);
  assert.doesNotMatch(other.stderr, /is not in the model/);
});
