// `iam-policy-lab explain` end to end: a message as argument, a file, a CloudTrail log; exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EXAMPLE_MODEL, runCli, tempWorkspace } from './cliRun';
import { ACTIVITY } from '../activity/activityFixtures';

const BOB =
  'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::example-app-data/uploads/notes.txt" because no identity-based policy allows the s3:PutObject action';

test('a message the model reproduces exits 0 with the verdict and the full explanation', () => {
  const run = runCli(['explain', '--model', EXAMPLE_MODEL, BOB]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /^the message given:\nAWS denied: arn:aws:iam::111111111111:user\/bob {2}s3:PutObject {2}arn:aws:s3:::example-app-data\/uploads\/notes\.txt {2}\(no allow in identity-based policy\)\n✔ The model reproduces the denial AWS reported/,
  );
  assert.match(run.stdout, /✖ DENIED \(implicit deny\)/);
});

test('a denial the model reproduces is followed by the fixes that change it, each checked as simulate checks it, in text and in json', () => {
  const ALICE_ELSEWHERE =
    'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::other-bucket/x because no identity-based policy allows the s3:GetObject action';
  const text = runCli(['explain', '--model', EXAMPLE_MODEL, ALICE_ELSEWHERE]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /How to fix \(each change alone changes the decision\):\n {2}→ Add arn:aws:s3:::other-bucket\/x to the Resource of statement ReadAndWriteObjectsInTheAppBucket .*→ allowed\n {6}policies\/developers-app-bucket\.policy\.json:\d+:\d+: /,
  );
  const json = JSON.parse(runCli(['explain', '--model', EXAMPLE_MODEL, '--format', 'json', ALICE_ELSEWHERE]).stdout) as { fixes: { title: string }[] };
  assert.match(json.fixes[0]?.title ?? '', /^Add arn:aws:s3:::other-bucket\/x to the Resource of statement ReadAndWriteObjectsInTheAppBucket/);
});

test('a message in a file the model does not reproduce exits 1; --format json says which part is out of date', () => {
  const dir = tempWorkspace({
    'denied.txt':
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-app-data/x with an explicit deny in a resource control policy\n',
  });
  // Sent over HTTPS (said, so nothing is taken): the RCP that denies requests over HTTP does not apply.
  const run = runCli(['explain', '-m', EXAMPLE_MODEL, '--format', 'json', '-c', 'aws:SecureTransport=true', join(dir, 'denied.txt')]);
  assert.equal(run.code, 1, run.stderr);
  const output = JSON.parse(run.stdout) as { decision: string; reproduced: boolean; verdict: string; reported: { layers: string[] } };
  assert.deepEqual([output.decision, output.reproduced, output.reported.layers], ['allowed', false, ['rcp']]);
  assert.match(output.verdict, /Out of date: the resource control policies on the path r-ex12/);
});

test('a CloudTrail log: every denied record is explained with its context; AWS reported each denial and the model reproduces them all', () => {
  const run = runCli(['explain', '-m', EXAMPLE_MODEL, '-f', 'json', join(ACTIVITY, 'examples-day.json')]);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { source: string; reproduced: boolean }[];
  assert.deepEqual(
    output.map((o) => [o.source.replace(/^.*record /, ''), o.reproduced]),
    [
      ['5: s3.amazonaws.com DeleteObject at 2026-11-02T09:02:00.000Z', true],
      ['7: s3.amazonaws.com PutObject at 2026-11-02T10:05:00.000Z', true],
      ['14: iam.amazonaws.com CreateUser at 2026-11-02T12:01:00.000Z', true],
      ['17: s3.amazonaws.com GetObject at 2026-11-02T14:00:00.000Z', true],
      ['20: ec2.amazonaws.com DescribeInstances at 2026-11-02T16:00:00.000Z', true],
    ],
  );
});

test('without a model: the request the message describes; input that is no denial exits 2 with why', () => {
  const run = runCli(['explain', BOB]);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /Give --model to check it/);
  const dir = tempWorkspace({ 'x.txt': 'Access Denied', 'ok.json': '{"Records": []}' });
  const bad = runCli(['explain', '-m', EXAMPLE_MODEL, join(dir, 'x.txt')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /x\.txt: not an AccessDenied message in AWS's form/);
  assert.match(runCli(['explain', '-m', EXAMPLE_MODEL, join(dir, 'ok.json')]).stderr, /no CloudTrail record with an AccessDenied error/);
  assert.equal(runCli(['explain']).code, 2);
  // Words that are neither a file nor a message: both are said, with what a message looks like.
  const words = runCli(['explain', 'hello world']);
  assert.equal(words.code, 2);
  assert.match(words.stderr, /hello world: no such file or folder, nor an AccessDenied message \(one reads "User: arn:… is not authorized to perform/);
});

test('explain, replay and generate read a Terraform folder as the model, as simulate does (the HCL grammar loads for them too)', () => {
  const main = `resource "aws_iam_user" "ops" {
  name = "ops"
}
resource "aws_iam_user_policy" "read" {
  user = aws_iam_user.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::ops-data/*" }]
  })
}
`;
  const dir = tempWorkspace({ 'infra/main.tf': main });
  const message =
    'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::ops-data/x" because no identity-based policy allows the s3:PutObject action';
  const explained = runCli(['explain', '--model', 'infra', message], dir);
  assert.equal(explained.code, 0, explained.stderr);
  assert.match(explained.stdout, /The model reproduces the denial AWS reported/);
  const log = JSON.stringify({
    Records: [
      {
        eventVersion: '1.09',
        eventTime: '2026-11-02T09:00:00Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: 'eu-west-1',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/ops', accountId: '123456789012', userName: 'ops' },
        requestParameters: { bucketName: 'ops-data', key: 'a.csv' },
      },
    ],
  });
  const replayDir = tempWorkspace({ 'infra/main.tf': main, 'logs/day.json': log });
  const replayed = runCli(['replay', '--model', 'infra', 'logs'], replayDir);
  assert.equal(replayed.code, 0, replayed.stdout + replayed.stderr);
  assert.doesNotMatch(replayed.stderr, /grammar/);
});

test('--context gives what a message does not show: a bucket has no region in its ARN, and a region-lock SCP decided without it', () => {
  const message =
    'User: arn:aws:iam::222222222222:user/dave is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::example-app-data/secret.csv" because no resource-based policy allows the s3:GetObject action';
  const bare = runCli(['explain', '-m', EXAMPLE_MODEL, message]);
  assert.equal(bare.code, 1);
  // The model's answer turns on the Region, which the message does not show: asked for, before any policy is blamed.
  assert.match(
    bare.stdout,
    /explicit deny in the scp layer.*\)\. Its answer turns on aws:RequestedRegion, .* ask again with --context aws:RequestedRegion=VALUE/,
  );
  assert.doesNotMatch(bare.stdout, /Out of date/);
  const inRegion = runCli(['explain', '-m', EXAMPLE_MODEL, '-c', 'aws:RequestedRegion=eu-west-1', message]);
  assert.equal(inRegion.code, 0, inRegion.stdout + inRegion.stderr);
  assert.match(inRegion.stdout, /✔ The model reproduces the denial AWS reported \(no allow in a resource-based policy\)/);
  // Given the Region, a policy the model has otherwise than AWS is named: the bucket's, as the bucket.
  const denies = runCli([
    'explain',
    '-m',
    EXAMPLE_MODEL,
    '-c',
    'aws:RequestedRegion=eu-west-1',
    message.replace('because no resource-based policy allows the s3:GetObject action', 'with an explicit deny in a resource-based policy'),
  ]);
  assert.match(denies.stdout, /Out of date: the resource-based policy of arn:aws:s3:::example-app-data \(the model has one\): in AWS it denies this principal/);
  assert.equal(runCli(['explain', '-m', EXAMPLE_MODEL, '-c', 'no-equals-sign', message]).code, 2);
  // Without a model the context has nothing to change: said, not dropped unread, and a malformed one is still an error.
  const noModel = runCli(['explain', '-c', 'aws:RequestedRegion=eu-west-1', message]);
  assert.equal(noModel.code, 0);
  assert.match(noModel.stderr, /warning: --context is used only with --model/);
  assert.equal(runCli(['explain', '-c', 'no-equals-sign', message]).code, 2);
});

test("EC2's UnauthorizedOperation, as the CLI prints it and as CloudTrail records it: the sentence inside is read", () => {
  const sentence =
    'User: arn:aws:sts::222222222222:assumed-role/reporting/ci-42 is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:eu-west-1:222222222222:instance/* because no identity-based policy allows the ec2:RunInstances action';
  const printed = `An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. ${sentence}. Encoded authorization failure message: 4GIOHlTq-EXAMPLE`;
  const reported =
    /AWS denied: arn:aws:sts::222222222222:assumed-role\/reporting\/ci-42 {2}ec2:RunInstances {2}arn:aws:ec2:eu-west-1:222222222222:instance\/\* {2}\(no allow in identity-based policy\)/;
  const message = runCli(['explain', printed]);
  assert.equal(message.code, 0, message.stderr);
  assert.match(message.stdout, reported);
  // The record names no resource and its parameters name none: the ARN is in the message only.
  const record = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::222222222222:assumed-role/reporting/ci-42',
      accountId: '222222222222',
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::222222222222:role/reporting', accountId: '222222222222', userName: 'reporting' } },
    },
    eventTime: '2026-02-01T08:01:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'eu-west-1',
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: `You are not authorized to perform this operation. ${sentence}. Encoded authorization failure message: abc`,
    requestParameters: { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro' },
  };
  const dir = tempWorkspace({ 'trail.json': JSON.stringify({ Records: [record] }) });
  const fromRecord = runCli(['explain', 'trail.json'], dir);
  assert.equal(fromRecord.code, 0, fromRecord.stderr);
  assert.match(fromRecord.stdout, reported);
  // On the model: the reporting role has no EC2 permission, as AWS said.
  const onModel = runCli(['explain', '-m', EXAMPLE_MODEL, printed]);
  assert.match(onModel.stdout, /The model reproduces the denial AWS reported/);
});

test("on a large model, explain reads the accounts the denial reaches: another account's mistake does not stop it, its own does", () => {
  const readOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const model = {
    // A megabyte of description: a model this large is read account by account when a denial is explained.
    description: '-'.repeat(1 << 20),
    accounts: {
      '111111111111': { users: { alice: { inlinePolicies: { S3: readOnly } } } },
      '222222222222': { users: { bob: { inlinePolicies: { S3: readOnly }, colour: 'blue' } } },
    },
  };
  const text = JSON.stringify(model, null, 2);
  const dir = tempWorkspace({ 'big.iam-model.json': text });
  const denied = (user: string, account: string) =>
    `User: arn:aws:iam::${account}:user/${user} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::b/k" because no identity-based policy allows the s3:PutObject action`;
  const alice = runCli(['explain', '--model', 'big.iam-model.json', denied('alice', '111111111111')], dir);
  assert.equal(alice.code, 0, alice.stderr);
  assert.equal(alice.stderr, '');
  assert.match(alice.stdout, /✔ The model reproduces the denial AWS reported/);
  // Bob's account is read for his denial, and its mistake makes the model invalid for it, at its line and column.
  const bob = runCli(['explain', '--model', 'big.iam-model.json', denied('bob', '222222222222')], dir);
  assert.equal(bob.code, 2);
  assert.equal(bob.stdout, '');
  const line = text.slice(0, text.indexOf('"colour"')).split('\n').length;
  assert.match(bob.stderr, new RegExp(`big\\.iam-model\\.json:${line}:\\d+ error unknownKey Unknown key 'colour' in user 'bob'`));
});

test('a message is taken as sent over HTTPS unless only HTTP is denied as AWS said, and an RCP denial is traced to the OUs of the account that owns the resource', () => {
  const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  const tlsOnly = doc({
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  });
  const model = {
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '999999999999',
      policies: { TlsOnly: tlsOnly },
      root: {
        id: 'r-ab12',
        accounts: ['999999999999'],
        children: [
          { id: 'ou-ab12-dataaaaa', rcps: ['TlsOnly'], accounts: ['111122223333'] },
          { id: 'ou-ab12-appsaaaa', accounts: ['444455556666'] },
        ],
      },
    },
    accounts: {
      '111122223333': {
        users: { alice: {} },
        resources: {
          'arn:aws:s3:::data': {
            policy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
          },
        },
      },
      '444455556666': { users: { dave: { inlinePolicies: { read: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) } } } },
    },
  };
  const dir = tempWorkspace({ 'm.iam-model.json': JSON.stringify(model, null, 2) });
  const alice = `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::data/x" because no identity-based policy allows the s3:GetObject action`;
  // The HTTPS-only RCP tested aws:SecureTransport: taken as true, the model denies as AWS said (no allow for alice).
  const reproduced = runCli(['explain', '--model', 'm.iam-model.json', alice], dir);
  assert.equal(reproduced.code, 0, reproduced.stdout + reproduced.stderr);
  assert.match(reproduced.stdout, /✔ The model reproduces the denial AWS reported \(no allow in an identity-based policy\)/);
  assert.match(reproduced.stdout, /Note: aws:SecureTransport is taken as true: the message does not say how the request was sent/);
  // An explicit deny by an RCP is what a request over HTTP gets: taken so, the model reproduces it, and says so.
  const dave = `User: arn:aws:iam::444455556666:user/dave is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::data/x" with an explicit deny in a resource control policy`;
  const overHttp = runCli(['explain', '--model', 'm.iam-model.json', dave], dir);
  assert.equal(overHttp.code, 0, overHttp.stdout);
  assert.match(overHttp.stdout, /Note: aws:SecureTransport is taken as false: the message does not say how the request was sent/);
  // Said to be over HTTPS, the model allows it: the RCPs are out of date, on the path of the bucket's account, not dave's.
  const overHttps = runCli(['explain', '--model', 'm.iam-model.json', '--context', 'aws:SecureTransport=true', dave], dir);
  assert.equal(overHttps.code, 1, overHttps.stdout);
  assert.doesNotMatch(overHttps.stdout, /is taken as/);
  assert.match(
    overHttps.stdout,
    /Out of date: the resource control policies on the path r-ab12 → ou-ab12-dataaaaa → 111122223333: in AWS one of them denies s3:GetObject/,
  );
});
