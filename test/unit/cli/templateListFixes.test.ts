// "Add the action to the statement" on a model built from a template: the fix is an edit of the template in its own
// syntax (a YAML block or flow sequence, a scalar become a flow sequence, JSON, Terraform's HCL), and the template
// with the edit made allows the request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appliedEdits, runCli, tempWorkspace, type RangeEdit } from './cliRun';
import { jsonRoleTemplate, yamlRoleTemplate } from './roleTemplates';

type Simulated = { decision: string; fixes: { title: string; edits: RangeEdit[] }[] };

/** A CloudFormation role whose inline policy statement `Data` has the given Action lines (YAML, indented for it). */
function yamlTemplate(actionLines: string[], eol = '\n'): string {
  return yamlRoleTemplate(
    [
      '            Statement:',
      '              - Sid: Data',
      '                Effect: Allow',
      ...actionLines,
      '                Resource: arn:aws:s3:::app-data/*',
    ],
    eol,
  );
}

/** Simulates s3:PutObject for the role, applies the first fix to the file it edits, and simulates again. */
function addActionFix(files: Record<string, string>, model: string, file: string) {
  const dir = tempWorkspace(files);
  const request = ['--model', model, '--principal', 'app', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::app-data/a.csv', '--format', 'json'];
  const before = runCli(['simulate', ...request], dir);
  assert.equal(before.code, 0, before.stderr);
  const out = JSON.parse(before.stdout) as Simulated;
  assert.equal(out.decision, 'implicitDeny');
  const fix = out.fixes[0];
  assert.match(fix?.title ?? '', /^Add s3:PutObject to the Action of statement Data .*→ allowed$/, before.stdout);
  assert.deepEqual(
    fix?.edits.map((e) => e.file),
    [file],
  );
  const edited = appliedEdits(readFileSync(join(dir, file), 'utf8'), fix?.edits ?? []);
  writeFileSync(join(dir, file), edited);
  const after = JSON.parse(runCli(['simulate', ...request], dir).stdout) as Simulated;
  return { edited, decision: after.decision };
}

test('YAML block sequence: the action is a new "- item" line under the last one, plain like its siblings', () => {
  const { edited, decision } = addActionFix(
    { 'template.yaml': yamlTemplate(['                Action:', '                  - s3:GetObject', '                  - s3:ListBucket  # listing']) },
    'template.yaml',
    'template.yaml',
  );
  assert.match(edited, /\n {18}- s3:ListBucket {2}# listing\n {18}- s3:PutObject\n {16}Resource:/);
  assert.equal(decision, 'allowed');
});

test('YAML with CRLF line ends and quoted items: the new line ends as the others do, and is quoted as they are', () => {
  const { edited, decision } = addActionFix(
    { 'template.yaml': yamlTemplate(['                Action:', "                  - 's3:GetObject'"], '\r\n') },
    'template.yaml',
    'template.yaml',
  );
  assert.match(edited, /\r\n {18}- 's3:GetObject'\r\n {18}- "s3:PutObject"\r\n {16}Resource:/);
  assert.equal(decision, 'allowed');
});

test('YAML flow sequence and a scalar: ", item" inside the brackets; a scalar becomes a flow sequence, its comment kept', () => {
  const flow = addActionFix({ 'template.yaml': yamlTemplate(['                Action: [s3:GetObject, s3:ListBucket]']) }, 'template.yaml', 'template.yaml');
  assert.match(flow.edited, /Action: \[s3:GetObject, s3:ListBucket, s3:PutObject\]\n/);
  assert.equal(flow.decision, 'allowed');
  // Through a hand-written model that includes the template, too.
  const scalar = addActionFix(
    {
      'stack/template.yaml': yamlTemplate(['                Action: s3:GetObject  # read only']),
      'account.iam-model.json': JSON.stringify({ accounts: { '111111111111': { templates: ['./stack/template.yaml'] } } }),
    },
    'account.iam-model.json',
    'stack/template.yaml',
  );
  assert.match(scalar.edited, /Action: \[s3:GetObject, s3:PutObject\] {2}# read only\n/);
  assert.equal(scalar.decision, 'allowed');
});

test('a JSON template and a Terraform jsonencode list take the action as a JSON string after the last item', () => {
  const json = jsonRoleTemplate([{ Sid: 'Data', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::app-data/*' }]);
  const fromJson = addActionFix({ 'template.json': json }, 'template.json', 'template.json');
  assert.match(fromJson.edited, /"Action": \[\n\s+"s3:GetObject", "s3:PutObject"\n\s+\]/);
  assert.equal(fromJson.decision, 'allowed');

  const terraform = [
    'resource "aws_iam_role" "app" {',
    '  name               = "app"',
    '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '}',
    '',
    'resource "aws_iam_role_policy" "data" {',
    '  name = "data"',
    '  role = aws_iam_role.app.id',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Sid      = "Data"',
    '      Effect   = "Allow"',
    '      Action   = ["s3:GetObject"]',
    '      Resource = "arn:aws:s3:::app-data/*"',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const fromTerraform = addActionFix({ 'infra/main.tf': terraform }, 'infra', 'infra/main.tf');
  assert.match(fromTerraform.edited, /Action {3}= \["s3:GetObject", "s3:PutObject"\]\n/);
  assert.equal(fromTerraform.decision, 'allowed');
});

test('a SAM policy template expands into statements the template does not write: their fix has no edit, and the text says so', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: app.handler',
    '      CodeUri: src/',
    '      Policies:',
    '        - S3ReadPolicy:',
    '            BucketName: my-bucket',
    '      Timeout: 10',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'template.yaml': template });
  const request = ['--model', 'template.yaml', '--principal', 'FnRole', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::my-bucket/k'];
  const json = JSON.parse(runCli(['simulate', ...request, '--format', 'json'], dir).stdout) as Simulated;
  assert.equal(json.decision, 'implicitDeny');
  assert.deepEqual(json.fixes, [], 'no edit lands in the template, where it would have joined the next line');
  const text = runCli(['simulate', ...request], dir).stdout;
  assert.match(text, /→ Add s3:PutObject to the Action of statement 1 of inline policy Policies\[0\]\.S3ReadPolicy .*\n {6}\(by hand: /);
});

test('no edit where adding would change more than the statement or misplace the line: an anchored list, a folded last item, an HCL reference', () => {
  const fixesFor = (files: Record<string, string>, model: string, principal: string) => {
    const dir = tempWorkspace(files);
    const run = runCli(
      ['simulate', '--model', model, '--principal', principal, '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::app-data/a.csv', '--format', 'json'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as Simulated).fixes.filter((fix) => /^Add s3:PutObject to the Action/.test(fix.title));
  };
  // Statement Other repeats Data's anchored list by alias: an item added there would be Data's too.
  const anchored = yamlTemplate(['                Action: &actions', '                  - s3:GetObject']).replace(
    '                Resource: arn:aws:s3:::app-data/*\n',
    '                Resource: arn:aws:s3:::app-data/*\n              - Sid: Other\n                Effect: Allow\n                Action: *actions\n                Resource: arn:aws:s3:::app-data/*\n',
  );
  assert.deepEqual(fixesFor({ 'template.yaml': anchored }, 'template.yaml', 'app'), []);
  // A folded last item ends on the next line: a new item there would join the line after it.
  const folded = yamlTemplate(['                Action:', '                  - s3:GetObject', '                  - >-', '                    s3:ListBucket']);
  assert.deepEqual(fixesFor({ 'template.yaml': folded }, 'template.yaml', 'app'), []);
  // An HCL list ending in a reference: `local.read, s3:PutObject` would be no HCL at all.
  const terraform = [
    'locals {',
    '  read = "s3:GetObject"',
    '}',
    'resource "aws_iam_role" "app" {',
    '  name               = "app"',
    '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '}',
    'resource "aws_iam_role_policy" "data" {',
    '  role   = aws_iam_role.app.id',
    '  policy = jsonencode({ Statement = [{ Sid = "Data", Effect = "Allow", Action = ["s3:ListBucket", local.read], Resource = "arn:aws:s3:::app-data/*" }] })',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(fixesFor({ 'infra/main.tf': terraform }, 'infra', 'app'), []);
});
