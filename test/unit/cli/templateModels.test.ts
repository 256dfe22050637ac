// Templates as account models: a test file naming a template (through a model file that says
// where it is deployed, or directly), principals by name, simulate and who-can on what the template will deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { repoRoot } from '../helpers/repoRoot';
import { runCli, tempWorkspace } from './cliRun';

const fixtures = join(repoRoot(), 'test', 'fixtures', 'templates');

test('a test file whose model is a template deployed in a named account and region', () => {
  const run = runCli(['test', 'sam-app.iam-test.json'], fixtures);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /4 tests passed, 0 failed/);
  assert.equal(run.stderr, '', 'names that are unique in the model are not reported as unknown principals');
  // Nor is AWSLambdaBasicExecutionRole, which SAM attaches itself and the template lists too, a repeated attachment.
  assert.doesNotMatch(run.stderr, /duplicateEntry/);
});

test('simulate on a template named directly: the default account, a principal by name', () => {
  const run = runCli(
    [
      'simulate',
      '--model',
      'sam-app.yaml',
      '--principal',
      'app-reader',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::app-data-prod/a.txt',
      '--format',
      'json',
    ],
    fixtures,
  );
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { decision: string; explanation: { principal: string } };
  // The inline policy misspells s3:GetObject (GetObjects), so the role will not read objects once deployed.
  assert.equal(out.decision, 'implicitDeny');
  assert.equal(out.explanation.principal, 'arn:aws:iam::123456789012:role/app-reader');
});

test('a name that is not in the model is bad usage, with the reason', () => {
  const run = runCli(['simulate', '--model', 'sam-app.yaml', '--principal', 'nobody', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/a'], fixtures);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no user or role of the model is named 'nobody'/);
});

test('who-can on a template: the SAM function role through its policy template, the queue policy of a JSON template', () => {
  const sam = runCli(['who-can', '--model', 'sam-app.yaml', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::app-data-prod/a.txt'], fixtures);
  assert.equal(sam.code, 0, sam.stderr);
  assert.match(sam.stdout, /role\/FnRole/);
  assert.doesNotMatch(sam.stdout, /role\/app-reader/);
  const queue = runCli(
    [
      'simulate',
      '--model',
      'role.template.json',
      '--principal',
      'arn:aws:iam::123456789012:root',
      '--action',
      'sqs:SendMessage',
      '--resource',
      'arn:aws:sqs:us-east-1:123456789012:jobs-dev',
    ],
    fixtures,
  );
  assert.equal(queue.code, 0, queue.stderr);
  // The queue policy sits on the ARN derived from the queue's name (Fn::Sub over a parameter default).
  assert.match(queue.stdout, /resource-based policy of arn:aws:sqs:us-east-1:123456789012:jobs-dev: no statement allows sqs:SendMessage/);
});

test('a Terraform folder as a model: the role from aws_iam_role, its policy attached through aws_iam_role_policy', () => {
  const terraform = join(fixtures, 'terraform');
  const allowed = runCli(
    ['simulate', '--model', '.', '--principal', 'app-reader', '--action', 's3:ListBucket', '--resource', 'arn:aws:s3:::acme-reports', '--format', 'json'],
    terraform,
  );
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal((JSON.parse(allowed.stdout) as { decision: string }).decision, 'allowed');
  // The policy misspells s3:GetObject, so reading objects stays denied once deployed.
  const denied = runCli(
    [
      'simulate',
      '--model',
      'main.tf',
      '--principal',
      'app-reader',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::acme-reports/a.csv',
      '--format',
      'json',
    ],
    terraform,
  );
  assert.equal((JSON.parse(denied.stdout) as { decision: string }).decision, 'implicitDeny');
});

test('a model file that deploys a Terraform folder in a named account', () => {
  const dir = join(fixtures, 'terraform');
  const run = runCli(['test', join('..', 'terraform-account.iam-test.json')], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /2 tests passed, 0 failed/);
});

test("a service principal on a template-built model: the queue policy lets SNS send from the template's topic", () => {
  const args = [
    'simulate',
    '--model',
    'role.template.json',
    '--principal',
    'sns.amazonaws.com',
    '--action',
    'sqs:SendMessage',
    '--resource',
    'arn:aws:sqs:us-east-1:123456789012:jobs-dev',
    '--format',
    'json',
  ];
  // The topic has no name in the template: the model names it by its logical id, and so does its ARN.
  const fromTopic = runCli([...args, '--context', 'aws:SourceArn=arn:aws:sns:us-east-1:123456789012:Topic'], fixtures);
  assert.equal(fromTopic.code, 0, fromTopic.stderr);
  assert.equal((JSON.parse(fromTopic.stdout) as { decision: string }).decision, 'allowed');
  const fromElsewhere = runCli([...args, '--context', 'aws:SourceArn=arn:aws:sns:us-east-1:999999999999:other'], fixtures);
  assert.notEqual((JSON.parse(fromElsewhere.stdout) as { decision: string }).decision, 'allowed');
});

test('a failing test on a template-built model points at the template line and column of the statement and element', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: reader',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: s3:GetObject',
    '                Resource: arn:aws:s3:::reports/*',
    '',
  ].join('\n');
  const tests = {
    model: './template.yaml',
    tests: [{ name: 'reads another bucket', principal: 'reader', action: 's3:GetObject', resource: 'arn:aws:s3:::other/a', expect: 'allowed' }],
  };
  const dir = tempWorkspace({ 'template.yaml': template, 'reader.iam-test.json': JSON.stringify(tests) });
  const run = runCli(['test', 'reader.iam-test.json'], dir);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  // The near miss points at the element that did not match, as for a hand-written model: `Resource:` on line 16.
  assert.match(
    run.stdout,
    /Statement 1 of inline policy read \(attached to role reader\) would allow s3:GetObject, but Resource does not match[^\n]*\(template\.yaml:16:17\)/,
  );
  assert.doesNotMatch(run.stdout, /template\.yaml\)/, 'every place has a line and column');

  const json = runCli(
    ['simulate', '--model', 'template.yaml', '--principal', 'reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::other/a', '--format', 'json'],
    dir,
  );
  type Range = { start: { line: number; character: number } };
  const out = JSON.parse(json.stdout) as { explanation: { nearMisses: { file: string; range: Range; reasons: { element: string; range: Range }[] }[] } };
  const [miss] = out.explanation.nearMisses;
  assert.equal(miss?.file, 'template.yaml');
  // Zero-based: the statement at `Effect` (line 14), its Resource element (line 16).
  assert.deepEqual(miss?.range.start, { line: 13, character: 16 });
  assert.deepEqual(miss?.reasons.find((r) => r.element === 'Resource')?.range.start, { line: 15, character: 16 });
});

test('a fix the template cannot take as an edit is not offered as one: simulate and test JSON leave it out, the text keeps it', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: reader',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Sid: Read',
    '                Effect: Allow',
    '                Action: s3:GetObject',
    // A string built by !Sub: the template does not write it as one scalar a list could take in its place.
    '                Resource: !Sub "arn:${AWS::Partition}:s3:::reports/*"',
    '',
  ].join('\n');
  const tests = {
    model: './template.yaml',
    tests: [{ name: 'reads another bucket', principal: 'reader', action: 's3:GetObject', resource: 'arn:aws:s3:::other/a', expect: 'allowed' }],
  };
  const dir = tempWorkspace({ 'template.yaml': template, 'reader.iam-test.json': JSON.stringify(tests) });
  const request = ['--model', 'template.yaml', '--principal', 'reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::other/a'];
  type Fix = { kind: string; edits?: unknown[] };
  const noEmptyEdit = (fixes: Fix[]) => fixes.every((fix) => fix.kind !== 'edit' || (fix.edits?.length ?? 0) > 0);

  const json = runCli(['simulate', ...request, '--format', 'json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout) as { decision: string; fixes: Fix[] };
  assert.equal(out.decision, 'implicitDeny');
  assert.ok(noEmptyEdit(out.fixes), json.stdout);
  const tested = runCli(['test', '--format', 'json', 'reader.iam-test.json'], dir);
  const results = (JSON.parse(tested.stdout) as { results: { fixes?: Fix[] }[] }).results;
  assert.ok(results.length === 1 && noEmptyEdit(results[0]?.fixes ?? []), tested.stdout);
  // The advice itself is still given to the reader.
  const text = runCli(['simulate', ...request], dir);
  assert.match(text.stdout, /→ Add arn:aws:s3:::other\/a to the Resource of statement Read/);
});

test('a Terraform model points into the .tf file that writes the policy, a data source in another file of the module included', () => {
  const dir = tempWorkspace({
    'main.tf': [
      'resource "aws_iam_role" "app" {',
      '  name               = "app"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
      '',
      'resource "aws_iam_role_policy" "read" {',
      '  role   = aws_iam_role.app.name',
      '  policy = data.aws_iam_policy_document.read.json',
      '}',
      '',
    ].join('\n'),
    'policies.tf': [
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["ec2.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      '',
      'data "aws_iam_policy_document" "read" {',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["arn:aws:s3:::reports/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  const run = runCli(['simulate', '--model', '.', '--principal', 'app', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/a'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /allows s3:GetObject {2}\(policies\.tf:12:3\)/);
  assert.match(run.stdout, /Action 's3:GetObject' matches s3:GetObject {2}\(policies\.tf:13:18\)/);
});

test('a hand-written model includes a public CloudFormation template and a Terraform folder beside its own users', () => {
  const run = runCli(['test', 'including.iam-test.json'], fixtures);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /4 tests passed, 0 failed/);
  // The template's group policy is explained at its line in the template, not in JSON no one can open.
  const why = runCli(
    [
      'simulate',
      '--model',
      'including.iam-model.json',
      '--principal',
      'CFNUser',
      '--action',
      'cloudformation:DeleteStack',
      '--resource',
      'arn:aws:cloudformation:us-east-1:444444444444:stack/app/1',
    ],
    fixtures,
  );
  assert.match(
    why.stdout,
    /Statement 1 of inline policy CFNAdmins \(attached to group CFNAdminGroup\) allows cloudformation:DeleteStack {2}\(\S*IAM_Users_Groups_and_Policies\.yaml:60:11\)/,
  );
  assert.match(why.stdout, /Action 'cloudformation:\*' matches cloudformation:DeleteStack {2}\(\S*IAM_Users_Groups_and_Policies\.yaml:61:19\)/);
  const schema = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'iam-model.schema.json'), 'utf8')) as object);
  assert.ok(schema(JSON.parse(readFileSync(join(fixtures, 'including.iam-model.json'), 'utf8'))), JSON.stringify(schema.errors));
  assert.equal(schema({ accounts: { '111111111111': { templates: [{ file: './t.yaml' }] } } }), false);
});

test('templates in a model: a missing file, an entry without a path, a file that is no template, each at its line and column', () => {
  const model = [
    '{ "accounts": { "111111111111": {',
    '  "templates": [',
    '    "./missing.yaml",',
    '    { "region": "eu-west-1" },',
    '    "./notes.yaml",',
    '    { "path": "./t.yaml", "region": "Ireland" }',
    '  ]',
    '} } }',
  ].join('\n');
  const dir = tempWorkspace({
    'm.iam-model.json': model,
    'notes.yaml': 'shopping: [milk]\n',
    't.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
  });
  const run = runCli(['who-can', '--model', 'm.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'], dir);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /m\.iam-model\.json:3:5 error unreadableFile Cannot read the template '\.\/missing\.yaml' \(\S+missing\.yaml\): no such file/);
  assert.match(run.stderr, /m\.iam-model\.json:4:5 error missingKey An entry of the templates of account 111111111111 needs a "path"/);
  assert.match(
    run.stderr,
    /m\.iam-model\.json:5:5 error unreadableFile Cannot read the template '\.\/notes\.yaml' \(\S+\): it is not a CloudFormation or SAM template/,
  );
  assert.match(run.stderr, /m\.iam-model\.json:6:37 error invalidRegion 'Ireland' is not an AWS region/);
  assert.doesNotMatch(run.stderr, /t\.yaml'/, 'a real template with no resources is read without complaint');
});

test("local Terraform modules are followed with the inputs their caller passes: a public example calling terraform-aws-iam's iam-policy module", () => {
  const dir = join(repoRoot(), 'test', 'fixtures', 'terraform-modules');
  // The hand-written role attaches the policy the example creates through the module, named by the module's input.
  const run = runCli(['simulate', '--model', 'ops.iam-model.json', '--principal', 'ops', '--action', 'ec2:DescribeInstances', '--resource', '*'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^✔ ALLOWED/);
  // The document arrives through `policy = var.policy` in the module: explained there.
  assert.match(run.stdout, /Statement 1 of example \(attached to role ops\) allows ec2:DescribeInstances {2}\(modules\/iam-policy\/main\.tf:12:17\)/);
  const other = runCli(
    ['simulate', '--model', 'ops.iam-model.json', '--principal', 'ops', '--action', 'ec2:RunInstances', '--resource', '*', '--format', 'json'],
    dir,
  );
  assert.equal((JSON.parse(other.stdout) as { decision: string }).decision, 'implicitDeny');
  // The second call passes the caller's policy document data source (`policy = data.aws_iam_policy_document….json`).
  const lister = runCli(
    ['simulate', '--model', 'ops.iam-model.json', '--principal', 'lister', '--action', 's3:ListAllMyBuckets', '--resource', '*', '--format', 'json'],
    dir,
  );
  assert.equal((JSON.parse(lister.stdout) as { decision: string }).decision, 'allowed', lister.stderr);
});

test('a module that calls itself, and modules calling each other, are read a bounded number of times', () => {
  const role = (name: string) =>
    `resource "aws_iam_role" "r" {\n  name = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n`;
  const dir = tempWorkspace({
    'root/main.tf': `${role('root-role')}module "self" {\n  source = "./"\n}\nmodule "a" {\n  source = "../a"\n  name   = "from-root"\n}\n`,
    'a/main.tf': `variable "name" {\n  default = "a-default"\n}\n${role('${var.name}')}module "b" {\n  source = "../b"\n}\n`,
    'b/main.tf': `${role('b-role')}module "a" {\n  source = "../a"\n}\n`,
  });
  const run = runCli(
    ['who-can', '--model', 'root', '--action', 'sts:AssumeRole', '--resource', 'arn:aws:iam::123456789012:role/from-root', '--format', 'json'],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const roles = runCli(
    ['simulate', '--model', 'root', '--principal', 'b-role', '--action', 's3:ListBucket', '--resource', 'arn:aws:s3:::x', '--format', 'json'],
    dir,
  );
  // b's role is in the model (root → a → b), and the call back from b to a (a cycle) stops there.
  assert.equal(roles.code, 0, roles.stderr);
  assert.equal((JSON.parse(roles.stdout) as { decision: string }).decision, 'implicitDeny');
  const named = runCli(
    ['simulate', '--model', 'root', '--principal', 'from-root', '--action', 's3:ListBucket', '--resource', 'arn:aws:s3:::x', '--format', 'json'],
    dir,
  );
  assert.equal(named.code, 0, `the role of module a is named by the input root passes: ${named.stderr}`);
});

test('a denial that rests on a value the template leaves open says so: the bucket policy names a role imported from another stack', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
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
  const dir = tempWorkspace({ 'stack.yaml': template });
  const args = ['simulate', '--model', 'stack.yaml', '--principal', 'reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::shared-data/a.csv'];
  const run = runCli([...args, '--format', 'json', '--context', 'aws:SecureTransport=true'], dir);
  const out = JSON.parse(run.stdout) as { decision: string; explanation: { errors: string[] } };
  assert.equal(out.decision, 'implicitDeny');
  assert.ok(
    out.explanation.errors.some((e) =>
      /Statement ReadersElsewhere .* would allow this request if its Principal matched, but it lists 'UNRESOLVED\(Fn::ImportValue\)'.*AWS may decide otherwise/.test(
        e,
      ),
    ),
    JSON.stringify(out.explanation.errors),
  );
});

test('a template listed under two accounts is deployed in each with its own account id: each role reads its own bucket', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
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
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub "arn:aws:s3:::logs-\${AWS::AccountId}/*"
`;
  const model = JSON.stringify({ accounts: { '111111111111': { templates: ['t.yaml'] }, '222222222222': { templates: ['t.yaml'] } } });
  const dir = tempWorkspace({ 't.yaml': template, 'm.iam-model.json': model });
  const decide = (account: string, bucketAccount: string) => {
    const run = runCli(
      [
        'simulate',
        '--format',
        'json',
        '--model',
        'm.iam-model.json',
        '--principal',
        `arn:aws:iam::${account}:role/reader`,
        '--action',
        's3:GetObject',
        '--resource',
        `arn:aws:s3:::logs-${bucketAccount}/x`,
        '--context',
        'aws:SecureTransport=true',
      ],
      dir,
    );
    return (JSON.parse(run.stdout) as { decision: string }).decision;
  };
  assert.equal(decide('111111111111', '111111111111'), 'allowed');
  assert.equal(decide('222222222222', '222222222222'), 'allowed');
  assert.equal(decide('222222222222', '111111111111'), 'implicitDeny');
});

test('no fix asks a request to carry a value the template leaves open', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: vpce-only
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: OnlyThroughTheEndpoint
            Effect: Deny
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::vpce-only/*
            Condition:
              StringNotEquals:
                aws:SourceVpce: !ImportValue the-vpce
`;
  const dir = tempWorkspace({ 'stack.yaml': template });
  const run = runCli(
    [
      'simulate',
      '--format',
      'json',
      '--model',
      'stack.yaml',
      '--principal',
      'arn:aws:iam::123456789012:root',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::vpce-only/a',
    ],
    dir,
  );
  const out = JSON.parse(run.stdout) as { decision: string; fixes: { context: Record<string, unknown> }[]; explanation: { errors: string[] } };
  assert.equal(out.decision, 'explicitDeny');
  assert.ok(!JSON.stringify(out.fixes).includes('UNRESOLVED'), JSON.stringify(out.fixes));
  // The Deny applied only because the open value differs from the request's: the answer says it rests on it.
  assert.ok(
    out.explanation.errors.some((e) =>
      /Statement OnlyThroughTheEndpoint .* denies this request because its aws:SourceVpce test met 'UNRESOLVED\(Fn::ImportValue\)'/.test(e),
    ),
    JSON.stringify(out.explanation.errors),
  );
});

test('a fix in a template is found through a hand-written model that includes it: a misspelt action mended in the template', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: reader',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Sid: Read',
    '                Effect: Allow',
    '                Action: [s3:ListBucket, s3:GetObjets]',
    '                Resource: arn:aws:s3:::reports/*',
    '',
  ].join('\n');
  const model = JSON.stringify({ accounts: { '111111111111': { templates: ['./stack/template.yaml'] } } });
  const dir = tempWorkspace({ 'stack/template.yaml': template, 'account.iam-model.json': model });
  const request = ['--principal', 'reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/a'];
  for (const modelPath of ['account.iam-model.json', 'stack/template.yaml']) {
    const json = runCli(['simulate', '--model', modelPath, ...request, '--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    type Position = { line: number; character: number };
    const out = JSON.parse(json.stdout) as {
      fixes: { title: string; edits: { file: string; range: { start: Position; end: Position }; newText: string }[] }[];
    };
    const fix = out.fixes[0];
    assert.match(fix?.title ?? '', /^Replace s3:GetObjets with s3:GetObject in the Action of statement Read .*→ allowed$/, `${modelPath}: ${json.stdout}`);
    assert.deepEqual(
      fix?.edits.map((e) => [e.file, e.range.start.line, e.range.start.character, e.range.end.character, e.newText]),
      // The plain scalar replaced by a plain scalar, as the editor writes it (not the JSON string "s3:GetObject").
      [['stack/template.yaml', 15, 40, 52, 's3:GetObject']],
    );
  }
});

test('a template with a syntax error is not read as a model: simulate and who-can say where it is broken, exit 2', () => {
  // A trust policy cut short by an unclosed flow map: the YAML reader recovers and still finds the role trusting EC2.
  const yaml = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  R:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: ec2.amazonaws.com',
    '            Action: sts:AssumeRole',
    '',
  ].join('\n');
  const tf = [
    'resource "aws_iam_role" "r" {',
    '  name = "r"',
    '  assume_role_policy = jsonencode({',
    '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]',
    '  }',
    '}',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'stack.yaml': yaml, 'tf/main.tf': tf });
  const who = runCli(['who-can', '-m', 'stack.yaml', '-a', 'sts:AssumeRole', '-r', 'arn:aws:iam::123456789012:role/R'], dir);
  assert.equal(who.code, 2, who.stdout);
  assert.equal(who.stdout, '');
  assert.match(who.stderr, /stack\.yaml:11:13 error templateSyntax YAML syntax error: .*; the template is not read as a model until this is mended/);
  const simulate = runCli(['simulate', '-m', 'tf', '-p', 'arn:aws:iam::123456789012:root', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b/k'], dir);
  assert.equal(simulate.code, 2, simulate.stdout);
  assert.match(simulate.stderr, /tf\/main\.tf:\d+:\d+ error templateSyntax HCL syntax error: /);
  // The same broken role in a local module the root calls: the module's file is named from the folder.
  const called = tempWorkspace({ 'tf/main.tf': 'module "app" {\n  source = "./modules/app"\n}\n', 'tf/modules/app/main.tf': tf });
  const viaModule = runCli(['simulate', '-m', 'tf', '-p', 'arn:aws:iam::123456789012:root', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b/k'], called);
  assert.equal(viaModule.code, 2, viaModule.stdout);
  assert.match(viaModule.stderr, /tf\/modules\/app\/main\.tf:\d+:\d+ error templateSyntax /);
});

test("SAM's Globals give every function's role their permissions boundary, unless the function sets its own", () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    '  Function:',
    '    Runtime: python3.12',
    "    PermissionsBoundary: !Sub 'arn:aws:iam::${AWS::AccountId}:policy/team-boundary'",
    'Resources:',
    '  TeamBoundary:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      ManagedPolicyName: team-boundary',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: logs:*',
    "            Resource: '*'",
    '  Thumb:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: app.handler',
    '      Policies:',
    '        - Statement:',
    '            - Effect: Allow',
    '              Action: s3:GetObject',
    "              Resource: '*'",
    '  Unbounded:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: app.handler',
    '      PermissionsBoundary: arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    '      Policies:',
    '        - Statement:',
    '            - Effect: Allow',
    '              Action: s3:GetObject',
    "              Resource: '*'",
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'sam.yaml': template });
  const ask = (role: string) => runCli(['simulate', '-m', 'sam.yaml', '-p', role, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::any/t.png'], dir);
  const global = ask('ThumbRole');
  assert.equal(global.code, 0, global.stderr);
  assert.match(global.stdout, /DENIED \(implicit deny\)/);
  assert.match(global.stdout, /No statement in permissions boundary of ThumbRole allows s3:GetObject/);
  const own = ask('UnboundedRole');
  assert.match(own.stdout, /✔ ALLOWED/, own.stdout);
});

test('a model file that names a template says which key it does not take, or which value is wrong, at its line and column', () => {
  const dir = tempWorkspace({
    'stack.yaml': readFileSync(join(fixtures, 'sam-app.yaml'), 'utf8'),
    'typo.iam-model.json': '{\n  "template": "./stack.yaml",\n  "acount": "444444444444"\n}\n',
    'short.iam-model.json': '{\n  "template": "./stack.yaml",\n  "account": "44444444444"\n}\n',
    'good.iam-model.json': '{\n  "template": "./stack.yaml",\n  "account": "444444444444"\n}\n',
  });
  const ask = (model: string) => runCli(['who-can', '-m', model, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::app-data-prod/a.txt'], dir);
  const typo = ask('typo.iam-model.json');
  assert.equal(typo.code, 2, typo.stdout);
  assert.match(
    typo.stderr,
    /typo\.iam-model\.json:3:3 error unknownKey Unknown key 'acount': a model file that names a template takes template, account, region, partition\. Did you mean 'account'\?/,
  );
  const short = ask('short.iam-model.json');
  assert.equal(short.code, 2, short.stdout);
  assert.match(short.stderr, /short\.iam-model\.json:3:14 error invalidAccountId "account" must be a 12-digit account id/);
  const good = ask('good.iam-model.json');
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /arn:aws:iam::444444444444:role\/FnRole/);
});

test('a Terraform plan named as a model is said to be a plan, with what to give instead, not read as a model with unknown keys', () => {
  const run = runCli(['simulate', '-m', 'plan.json', '-p', 'arn:aws:iam::123456789012:root', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b/k'], fixtures);
  assert.equal(run.code, 2, run.stdout);
  assert.match(
    run.stderr,
    /Cannot read the model plan\.json: it is a Terraform plan \(terraform show -json\): `check` reads its policies; as a model, give the Terraform folder/,
  );
  assert.doesNotMatch(run.stderr, /unknownKey/);
});

test("a Terraform configuration's default provider region places its resources, unless the model file names another", () => {
  const main = [
    'provider "aws" {',
    '  region = "eu-west-1"',
    '}',
    'provider "aws" {',
    '  alias  = "us"',
    '  region = "us-west-2"',
    '}',
    'resource "aws_sqs_queue" "jobs" {',
    '  name = "jobs"',
    '}',
    'resource "aws_iam_role" "worker" {',
    '  name               = "worker"',
    '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })',
    '}',
    'resource "aws_iam_role_policy" "read" {',
    '  role   = aws_iam_role.worker.id',
    '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:ReceiveMessage", Resource = aws_sqs_queue.jobs.arn }] })',
    '}',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'infra/main.tf': main, 'ohio.iam-model.json': JSON.stringify({ template: './infra', region: 'us-east-2' }) });
  const ask = (model: string, region: string) =>
    runCli(['simulate', '-m', model, '-p', 'worker', '-a', 'sqs:ReceiveMessage', '-r', `arn:aws:sqs:${region}:123456789012:jobs`], dir);
  assert.match(ask('infra', 'eu-west-1').stdout, /✔ ALLOWED/);
  assert.match(ask('infra', 'us-east-1').stdout, /DENIED/);
  // The model file's region is the deployment's: it wins over the provider's.
  assert.match(ask('ohio.iam-model.json', 'us-east-2').stdout, /✔ ALLOWED/);
});

test('a template that attaches a policy it does not define says how a model can hold it, and a model that includes the template and defines it answers', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: app',
    '      PermissionsBoundary: !Sub "arn:aws:iam::${AWS::AccountId}:policy/team-boundary"',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: lambda.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: all-s3',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: s3:*',
    '                Resource: "*"',
    '',
  ].join('\n');
  const boundary = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const model = { accounts: { '111111111111': { templates: ['./stack.yaml'], policies: { 'team-boundary': boundary } } } };
  const dir = tempWorkspace({ 'stack.yaml': template, 'm.iam-model.json': JSON.stringify(model) });
  const ask = (path: string) => runCli(['simulate', '-m', path, '-p', 'app', '-a', 's3:PutObject', '-r', 'arn:aws:s3:::b/k'], dir);
  const alone = ask('stack.yaml');
  assert.equal(alone.code, 2);
  assert.match(
    alone.stderr,
    /team-boundary of role app is not a policy of account 123456789012\. Define it under the account's "policies" \(a model file can include a template with "templates"/,
  );
  const held = ask('m.iam-model.json');
  assert.equal(held.code, 0, held.stderr);
  assert.match(held.stdout, /DENIED \(implicit deny\)[\s\S]*No statement in permissions boundary of app allows s3:PutObject/);
});

test('a permissions boundary the template leaves open (!ImportValue) is not taken for none: denied until known, and said so', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: app',
    '      PermissionsBoundary: !ImportValue Org-Boundary',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: lambda.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: ec2',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: ec2:*',
    '                Resource: "*"',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'stack.yaml': template });
  const run = runCli(['simulate', '-m', 'stack.yaml', '-p', 'app', '-a', 'ec2:TerminateInstances', '-r', '*'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /DENIED \(implicit deny\)/);
  assert.match(run.stdout, /UNRESOLVED\(Fn::ImportValue\)', a value the template or configuration leaves open/);
  // No fix widens the stand-in: giving the value is the way.
  assert.doesNotMatch(run.stdout, /→ Add \* to the Resource/);
});
