// `iam-policy-lab replay` end to end: logs as files, gzip and folders; exit codes; unmapped records listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXAMPLE_MODEL, runCli, tempWorkspace } from './cliRun';
import { ACTIVITY } from '../activity/activityFixtures';

const DAY = join(ACTIVITY, 'examples-day.json');

interface ReplayJson {
  files: number;
  records: number;
  evaluated: number;
  regressions: { file: string; index: number; principal: string; action: string; decision: string; summary: string; reason: string }[];
  newlyAllowed: unknown[];
  unmapped: { file: string; index: number; reason: string }[];
}

test('a regression exits 1 and names the file, the record, the request and why', () => {
  const run = runCli(['replay', '--model', EXAMPLE_MODEL, DAY]);
  assert.equal(run.code, 1, run.stderr);
  // The headline's counts add up to the requests replayed: the regression is one of them.
  const headline = /Replayed (\d+) requests from 1 file: (\d+) still allowed, (\d+) still denied, (\d+) now denied, (\d+) now allowed/.exec(run.stdout);
  assert.ok(headline, run.stdout);
  const [replayed, ...counts] = headline.slice(1).map(Number);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    replayed,
  );
  assert.equal(counts[2], 1);
  assert.match(
    run.stdout,
    /✖ 1 call succeeded in the log but would now be denied:\n {2}.*examples-day\.json record 6 .*user\/bob {2}s3:GetObject {2}arn:aws:s3:::example-app-data\/uploads\/invoice-42\.pdf\n {6}User: .* because no identity-based policy allows the s3:GetObject action\n {6}Why: /,
  );
  assert.match(run.stdout, /2 records not mapped to a request \(not replayed\):\n.*record 16 \(signin\.amazonaws\.com ConsoleLogin\): a console sign-in/);
});

test('gzip logs in a folder read like plain ones; --format json lists every change and unmapped record', () => {
  const dir = tempWorkspace({});
  mkdirSync(join(dir, 'AWSLogs', '111111111111', 'CloudTrail', 'eu-west-1'), { recursive: true });
  const gz = join(dir, 'AWSLogs', '111111111111', 'CloudTrail', 'eu-west-1', '111111111111_CloudTrail_eu-west-1_20261102T0900Z_example.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(DAY)));
  copyFileSync(join(ACTIVITY, 'athena-export.jsonl'), join(dir, 'AWSLogs', 'export.jsonl'));
  const run = runCli(['replay', '-m', EXAMPLE_MODEL, '--format', 'json', join(dir, 'AWSLogs')]);
  assert.equal(run.code, 1, run.stderr);
  const output = JSON.parse(run.stdout) as ReplayJson;
  assert.equal(output.files, 2);
  assert.equal(output.records, 21 + 4);
  assert.deepEqual(
    output.regressions.map((r) => [r.index, r.principal, r.action, r.decision]),
    [[5, 'arn:aws:iam::111111111111:user/bob', 's3:GetObject', 'implicitDeny']],
  );
  assert.match(output.regressions[0]?.file ?? '', /\.json\.gz$/);
  assert.deepEqual(output.unmapped.map((u) => u.index).sort(), [15, 17, 2].sort());
});

test('no regression exits 0; unreadable input exits 2 naming the file; a missing --model is bad usage', () => {
  const dir = tempWorkspace({
    'ok.json': JSON.stringify({ Records: [JSON.parse(readFileSync(DAY, 'utf8')).Records[0]] }),
    'broken.json.gz': 'not gzip at all',
    'notjson.json': '{\n "Records": [\n oops ]\n}',
  });
  const ok = runCli(['replay', '-m', EXAMPLE_MODEL, join(dir, 'ok.json')]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /✔ No call that succeeded would now be denied\./);
  const gzipFile = join(dir, 'bad.json.gz');
  writeFileSync(gzipFile, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
  const bad = runCli(['replay', '-m', EXAMPLE_MODEL, gzipFile, join(dir, 'notjson.json'), join(dir, 'ok.json'), join(dir, 'missing.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.json\.gz: not a readable gzip file/);
  assert.match(bad.stderr, /notjson\.json: not JSON: [A-Z][^(\n]+ \(line 3, column 2\)\n/);
  assert.match(bad.stderr, /missing\.json: no such file or folder/);
  // The readable file is still replayed and reported.
  assert.match(bad.stdout, /Replayed 1 request from 3 files/);
  // …but the verdict does not claim a clean replay: three of the paths could not be read.
  assert.doesNotMatch(bad.stdout, /✔/);
  assert.match(bad.stdout, /3 log files could not be read: the replay is incomplete/);
  assert.equal(runCli(['replay', DAY]).code, 2);
  assert.equal(runCli(['replay', '-m', EXAMPLE_MODEL]).code, 2);
});

test("a role CloudFormation named (STACK-LogicalId-SUFFIX) replays as the template's role of that logical id, and the report says so", () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  WorkerRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: lambda.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: sqs:ReceiveMessage',
    "                Resource: '*'",
    '',
  ].join('\n');
  const generated = 'orders-prod-WorkerRole-1XYZ9ABCDEF0';
  const record = {
    eventTime: '2026-01-16T10:00:01Z',
    eventSource: 'sqs.amazonaws.com',
    eventName: 'ReceiveMessage',
    awsRegion: 'us-east-1',
    recipientAccountId: '123456789012',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::123456789012:assumed-role/${generated}/worker`,
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::123456789012:role/${generated}`, accountId: '123456789012', userName: generated } },
    },
    requestParameters: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' },
  };
  const dir = tempWorkspace({ 'stack.yaml': template, 'trail.json': JSON.stringify({ Records: [record] }) });
  const run = runCli(['replay', '-m', 'stack.yaml', 'trail.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /1 still allowed, 0 still denied, 0 now denied/);
  assert.match(run.stderr, new RegExp(`note: the logs' role ${generated} is taken as the model's WorkerRole`));
  const generate = runCli(['generate', '-m', 'stack.yaml', '-p', 'WorkerRole', 'trail.json'], dir);
  assert.equal(generate.code, 0, generate.stderr);
  assert.match(generate.stdout, /sqs:ReceiveMessage/);
  // A hand-written model names its roles as they are: another role that happens to end so is not taken for one.
  const handWritten = JSON.stringify({
    accounts: {
      '123456789012': {
        roles: { WorkerRole: { inlinePolicies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } } },
      },
    },
  });
  writeFileSync(join(dir, 'hand.iam-model.json'), handWritten);
  const hand = runCli(['replay', '-m', 'hand.iam-model.json', 'trail.json'], dir);
  assert.equal(hand.code, 1, hand.stdout);
  assert.doesNotMatch(hand.stderr, /taken as/);
  // The template deployed in the default account while the logs are another's: said, with how to name the account.
  const elsewhere = JSON.stringify({ Records: [JSON.parse(JSON.stringify(record).replaceAll('123456789012', '444455556666'))] });
  writeFileSync(join(dir, 'other.json'), elsewhere);
  const other = runCli(['replay', '-m', 'stack.yaml', 'other.json'], dir);
  assert.match(other.stderr, /note: the logs' roles are of account 444455556666, which the model does not describe: .*"account": "444455556666"/);
});
