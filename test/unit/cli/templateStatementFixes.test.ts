// "Add a statement that allows exactly the request" on a model built from a template: the statement is written in the
// template's own syntax (a YAML block mapping under a dash, a flow or JSON object laid out as the statement before
// it, an object in a Terraform list), and the template with the edit made allows the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appliedEdits, runCli, tempWorkspace, type RangeEdit } from './cliRun';
import { jsonRoleTemplate, yamlRoleTemplate } from './roleTemplates';

type Simulated = { decision: string; fixes: { title: string; edits: RangeEdit[] }[] };

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';

/** Simulates dynamodb:GetItem for the role, applies the added-statement fix to the template, and simulates again. */
function addedStatement(file: string, text: string, principal: string) {
  const dir = tempWorkspace({ [file]: text });
  const request = ['--model', file, '--principal', principal, '--action', 'dynamodb:GetItem', '--resource', TABLE, '--format', 'json'];
  const before = runCli(['simulate', ...request], dir);
  assert.equal(before.code, 0, before.stderr);
  const out = JSON.parse(before.stdout) as Simulated;
  assert.equal(out.decision, 'implicitDeny');
  const fix = out.fixes.find((f) => f.title.startsWith('Add a statement'));
  assert.ok(fix, `an added statement is offered as an edit of the template:\n${before.stdout}`);
  assert.deepEqual(
    fix.edits.map((e) => e.file),
    [file],
  );
  const edited = appliedEdits(readFileSync(join(dir, file), 'utf8'), fix.edits);
  writeFileSync(join(dir, file), edited);
  const after = JSON.parse(runCli(['simulate', ...request], dir).stdout) as Simulated;
  return { edited, decision: after.decision };
}

/** The template with its policy's statements (YAML lines), and a bucket after the role. */
function yamlRole(statementLines: string[], eol = '\n'): string {
  return yamlRoleTemplate(statementLines, eol, ['  Bucket:', '    Type: AWS::S3::Bucket']);
}

test('YAML block sequence: a block mapping under a dash of its own, lined up with the statement before it', () => {
  const { edited, decision } = addedStatement(
    'template.yaml',
    yamlRole([
      '            Statement:',
      '              - Sid: Data',
      '                Effect: Allow',
      '                Action: [s3:GetObject]',
      '                Resource: arn:aws:s3:::app-data/*  # the data bucket',
    ]),
    'app',
  );
  assert.ok(
    edited.includes(`# the data bucket
              - Sid: AllowDynamodbGetItem
                Effect: Allow
                Action: dynamodb:GetItem
                Resource: ${TABLE}
  Bucket:`),
    edited,
  );
  assert.equal(decision, 'allowed');
});

test('YAML block sequence whose last statement ends in a block value: the statement goes after its last line, not the next key', () => {
  for (const ending of [
    ['                Resource:', '                  - arn:aws:s3:::app-data/*'],
    ['                Resource: "*"', '                Condition:', '                  StringEquals:', '                    aws:ResourceTag/team: data'],
    ['                Resource: !Sub >-', '                  arn:aws:s3:::${AWS::StackName}/*'],
  ]) {
    const template = yamlRole(['            Statement:', '              - Effect: Allow', '                Action: s3:GetObject', ...ending])
      .replace(
        '        - PolicyName: data\n          PolicyDocument:\n            Version: "2012-10-17"\n',
        '        - PolicyDocument:\n            Version: "2012-10-17"\n',
      )
      .replace('  Bucket:\n', '          PolicyName: data\n  Bucket:\n');
    const { edited, decision } = addedStatement('template.yaml', template, 'app');
    assert.ok(edited.includes(`${ending[ending.length - 1]}\n              - Sid: AllowDynamodbGetItem\n`), edited);
    assert.ok(edited.includes(`Resource: ${TABLE}\n          PolicyName: data\n`), edited);
    assert.equal(decision, 'allowed', edited);
  }
});

test('YAML with CRLF line ends: the lines added end as the others do', () => {
  const { edited, decision } = addedStatement(
    'template.yaml',
    yamlRole(['            Statement:', '              - Effect: Allow', '                Action: s3:GetObject', '                Resource: "*"'], '\r\n'),
    'app',
  );
  assert.equal(edited.replace(/\r\n/g, '').includes('\n'), false, 'no bare line feed');
  assert.match(edited, /Resource: "\*"\r\n {14}- Sid: AllowDynamodbGetItem\r\n {16}Effect: Allow\r\n/);
  assert.equal(decision, 'allowed');
});

test('YAML flow sequence: the statement is a JSON object after the last one, which YAML reads as written', () => {
  const { edited, decision } = addedStatement(
    'template.yaml',
    yamlRole(["            Statement: [{ Sid: Data, Effect: Allow, Action: 's3:GetObject', Resource: !Sub 'arn:aws:s3:::${AWS::StackName}/*' }]"]),
    'app',
  );
  assert.match(edited, /\/\*' \}, \{ "Sid": "AllowDynamodbGetItem", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "[^"]+" \}\]\n/);
  assert.equal(decision, 'allowed');
});

test('JSON template whose policy holds an intrinsic: the statement laid out as the one before it', () => {
  const template = jsonRoleTemplate([{ Sid: 'Data', Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:aws:s3:::${AWS::StackName}/*' } }]);
  const { edited, decision } = addedStatement('template.json', template, 'app');
  assert.doesNotThrow(() => JSON.parse(edited));
  assert.ok(
    edited.includes(`                  }
                },
                {
                  "Sid": "AllowDynamodbGetItem",
                  "Effect": "Allow",
                  "Action": "dynamodb:GetItem",
                  "Resource": "${TABLE}"
                }
              ]`),
    edited,
  );
  assert.equal(decision, 'allowed');
});

test('Terraform: an HCL object after the last one of the jsonencode list, laid out as that one', () => {
  const tf = `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "data" {
  name = "data"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::app-data/*"
      },
    ]
  })
}
`;
  const { edited, decision } = addedStatement('main.tf', tf, 'app');
  // Written as HCL, as terraform fmt lays out the statement before it.
  assert.ok(
    edited.includes(`      },
      {
        Sid      = "AllowDynamodbGetItem"
        Effect   = "Allow"
        Action   = "dynamodb:GetItem"
        Resource = "${TABLE}"
      },
    ]`),
    edited,
  );
  assert.equal(decision, 'allowed');
  // The text shows the HCL as the lines to write: on one line it would be no HCL (its properties have no commas).
  const text = runCli(
    ['simulate', '--model', 'main.tf', '--principal', 'app', '--action', 'dynamodb:GetItem', '--resource', TABLE],
    tempWorkspace({ 'main.tf': tf }),
  );
  assert.match(text.stdout, /main\.tf:\d+:\d+: insert:\n {8},\n {14}\{\n {16}Sid {6}= "AllowDynamodbGetItem"\n/);
  // A statement written on one line is followed by one on one line.
  const oneLine = addedStatement(
    'main.tf',
    tf.replace(
      /\{\n\s+Effect {3}= "Allow"\n\s+Action {3}= "s3:GetObject"\n\s+Resource = "([^"]+)"\n\s+\}/,
      '{ Effect = "Allow", Action = "s3:GetObject", Resource = "$1" }',
    ),
    'app',
  );
  assert.match(
    oneLine.edited,
    /Resource = "arn:aws:s3:::app-data\/\*" \},\n {6}\{ Sid = "AllowDynamodbGetItem", Effect = "Allow", Action = "dynamodb:GetItem", Resource = "[^"]+" \},\n/,
  );
  assert.equal(oneLine.decision, 'allowed');
});

test('no edit where the statement list is anchored: the policies that repeat it by alias would change too', () => {
  const dir = tempWorkspace({
    'template.yaml': yamlRole([
      '            Statement: &data',
      '              - Effect: Allow',
      '                Action: s3:GetObject',
      '                Resource: "*"',
      '        - PolicyName: again',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement: *data',
    ]),
  });
  const run = runCli(['simulate', '--model', 'template.yaml', '--principal', 'app', '--action', 'dynamodb:GetItem', '--resource', TABLE], dir);
  assert.match(run.stdout, /→ Add a statement to inline policy \S+ \(attached to role app\) that allows dynamodb:GetItem .*→ allowed\n {6}\(by hand: /);
});

test('an AWS::IAM::Policy written once for two roles: the statement added there says the other role is allowed it too', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  RoleA:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: role-a',
    '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
    '  RoleB:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: role-b',
    '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
    '  Shared:',
    '    Type: AWS::IAM::Policy',
    '    Properties:',
    '      PolicyName: shared',
    '      Roles: [!Ref RoleA, !Ref RoleB]',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: s3:GetObject',
    '            Resource: arn:aws:s3:::data/*',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'template.yaml': template });
  const run = runCli(['simulate', '--model', 'template.yaml', '--principal', 'role-a', '--action', 'dynamodb:GetItem', '--resource', TABLE], dir);
  assert.match(
    run.stdout,
    /→ Add a statement to inline policy shared \(attached to role role-a\) that allows dynamodb:GetItem on \S+ \(the policy is written once for role role-b too: it would be allowed it as well\) → allowed/,
  );
  // The YAML to add is shown as lines, as it is to be written.
  assert.match(run.stdout, /: insert these lines after it:\n {18}- Sid: AllowDynamodbGetItem\n {20}Effect: Allow\n/);
});
