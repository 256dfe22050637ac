// A template-built model holds a marker where the configuration leaves a value open (an imported value). `simulate`
// says when an answer met one; who-can and a passing test say it too, in the same words, and stay quiet otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace } from './cliRun';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Writer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: writer
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: write
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: WriteUnlessThroughTheEndpoint
                Effect: Allow
                Action: s3:PutObject
                Resource: arn:aws:s3:::shared-data/*
                Condition:
                  StringNotEquals: { aws:SourceVpce: !ImportValue data-endpoint }
              - Sid: ListKnown
                Effect: Allow
                Action: s3:ListBucket
                Resource: arn:aws:s3:::shared-data
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: shared-data
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: ReadersElsewhere
            Effect: Allow
            Principal: { AWS: !ImportValue reader-role-arn }
            Action: s3:GetObject
            Resource: arn:aws:s3:::shared-data/*
`;

const NEAR_MISS =
  /Statement ReadersElsewhere .* would allow this request if its Principal matched, but it lists 'UNRESOLVED\(Fn::ImportValue\)'.*AWS may decide otherwise/;
const DECIDED =
  /Statement WriteUnlessThroughTheEndpoint .* allows this request because its aws:SourceVpce test met 'UNRESOLVED\(Fn::ImportValue\)'.*AWS may decide otherwise/;

const TESTS = JSON.stringify({
  model: './stack.yaml',
  tests: [
    {
      name: 'reader cannot read the shared data',
      principal: 'reader',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::shared-data/a.csv',
      context: { 'aws:SecureTransport': 'true' },
      expect: 'implicitDeny',
    },
    {
      name: 'writer writes the shared data',
      principal: 'writer',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::shared-data/a.csv',
      context: { 'aws:SecureTransport': 'true' },
      expect: 'allowed',
    },
    {
      name: 'writer lists the bucket',
      principal: 'writer',
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::shared-data',
      context: { 'aws:SecureTransport': 'true' },
      expect: 'allowed',
    },
  ],
});

test('a passing test that rests on a value the template leaves open says so, in text and in JSON', () => {
  const dir = tempWorkspace({ 'stack.yaml': TEMPLATE, 'data.iam-test.json': TESTS });
  const text = runCli(['test', 'data.iam-test.json'], dir);
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /3 tests passed, 0 failed/);
  const lines = text.stdout.split('\n');
  const under = (name: string) => lines[lines.findIndex((line) => line === `  ✔ ${name}`) + 1] ?? '';
  assert.match(under('reader cannot read the shared data'), new RegExp(`^    ! ${NEAR_MISS.source}`));
  assert.match(under('writer writes the shared data'), new RegExp(`^    ! ${DECIDED.source}`));
  assert.match(under('writer lists the bucket'), /^\s*(✔|$)/, 'a test no open value touches stays one line');

  const json = runCli(['test', '--format', 'json', 'data.iam-test.json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const results = (JSON.parse(json.stdout) as { results: { name: string; pass: boolean; problems?: string[] }[] }).results;
  const problemsOf = (name: string) => results.find((r) => r.name === name)?.problems;
  assert.match(problemsOf('reader cannot read the shared data')?.join('\n') ?? '', NEAR_MISS);
  assert.match(problemsOf('writer writes the shared data')?.join('\n') ?? '', DECIDED);
  assert.equal(problemsOf('writer lists the bucket'), undefined);
});

test('a model that includes the template among hand-written accounts still says which passing test met an open value', () => {
  // Each text the model reads (its file, a built template, a policy file) is searched once for open values; a
  // template reached through an account's "templates" must count, or a passing test's notice would go missing.
  const model = JSON.stringify({ accounts: { '111122223333': { templates: ['./stack.yaml'] }, '444455556666': { users: { ops: {} } } } });
  const tests = JSON.parse(TESTS) as { model: string };
  tests.model = './org.iam-model.json';
  const dir = tempWorkspace({ 'stack.yaml': TEMPLATE, 'org.iam-model.json': model, 'data.iam-test.json': JSON.stringify(tests) });
  const json = runCli(['test', '--format', 'json', 'data.iam-test.json'], dir);
  assert.equal(json.code, 0, json.stdout + json.stderr);
  const results = (JSON.parse(json.stdout) as { results: { name: string; problems?: string[] }[] }).results;
  assert.match(results.find((r) => r.name === 'writer writes the shared data')?.problems?.join('\n') ?? '', DECIDED);
});

test('who-can warns of a grant decided by, or a near miss on, a statement listing a value the template leaves open', () => {
  const dir = tempWorkspace({ 'stack.yaml': TEMPLATE });
  const whoCan = (action: string, resource: string) =>
    runCli(['who-can', '--model', 'stack.yaml', '--action', action, '--resource', resource, '--context', 'aws:SecureTransport=true'], dir);
  const read = whoCan('s3:GetObject', 'arn:aws:s3:::shared-data/a.csv');
  assert.equal(read.code, 0, read.stderr);
  assert.doesNotMatch(read.stdout, /reader/, 'the reader is denied here');
  assert.match(read.stderr, new RegExp(`^iam-policy-lab who-can: warning: ${NEAR_MISS.source}`, 'm'));

  const write = whoCan('s3:PutObject', 'arn:aws:s3:::shared-data/a.csv');
  assert.match(write.stdout, /writer/);
  assert.match(write.stderr, new RegExp(`^iam-policy-lab who-can: warning: ${DECIDED.source}`, 'm'));
  assert.equal(write.stderr.match(/WriteUnlessThroughTheEndpoint/g)?.length, 1, 'said once, however many principals met it');

  const list = whoCan('s3:ListBucket', 'arn:aws:s3:::shared-data');
  assert.match(list.stdout, /writer/);
  assert.doesNotMatch(list.stderr, /leaves open/);
});

test('who-can says once what a policy attached to several principals holds, naming the policy, not each attachment', () => {
  const SHARED = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared-write
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: WriteUnlessEndpoint
            Effect: Allow
            Action: s3:PutObject
            Resource: arn:aws:s3:::shared-data/*
            Condition:
              StringNotEquals: { aws:SourceVpce: !ImportValue data-endpoint }
${['a', 'b', 'c']
  .map(
    (name) => `  Role${name.toUpperCase()}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      ManagedPolicyArns: [!Ref Shared]
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`,
  )
  .join('')}`;
  const dir = tempWorkspace({ 'stack.yaml': SHARED });
  const write = runCli(
    ['who-can', '--model', 'stack.yaml', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::shared-data/a.csv', '--context', 'aws:SecureTransport=true'],
    dir,
  );
  assert.equal(write.code, 0, write.stderr);
  for (const role of ['a', 'b', 'c']) assert.match(write.stdout, new RegExp(`role/${role}\n`));
  assert.equal(write.stderr.match(/WriteUnlessEndpoint/g)?.length, 1, write.stderr);
  assert.doesNotMatch(write.stderr, /attached to role/);
});

test("who-can keeps saying whose inline policy holds an open value: two users' policies of one name stay two notices", () => {
  const users = ['Alice', 'Bob']
    .map(
      (name) => `  ${name}:
    Type: AWS::IAM::User
    Properties:
      UserName: ${name.toLowerCase()}
      Policies:
        - PolicyName: Write
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:PutObject
                Resource: arn:aws:s3:::shared-data/*
                Condition:
                  StringNotEquals: { aws:SourceVpce: !ImportValue data-endpoint-${name.toLowerCase()} }
`,
    )
    .join('');
  const dir = tempWorkspace({ 'users.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${users}` });
  const write = runCli(
    ['who-can', '--model', 'users.yaml', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::shared-data/a.csv', '--context', 'aws:SecureTransport=true'],
    dir,
  );
  assert.equal(write.code, 0, write.stderr);
  const notices = write.stderr.split('\n').filter((line) => line.includes('leaves open'));
  assert.equal(notices.length, 2, write.stderr);
  assert.match(notices.join('\n'), /user alice/);
  assert.match(notices.join('\n'), /user bob/);
});
