// Instances in a model built from Terraform: each instance of a role named from `name_prefix` is a role of its own,
// two instances given one fixed name are said (AWS refuses the second), and `var.list[count.index]` resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTerraformModule } from '../../../server/src/iam/templates/index';
import { terraformModel } from '../../../server/src/iam/templates/terraformModel';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { runCli, tempWorkspace } from './cliRun';

const TRUST =
  'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })';
const MODEL = JSON.stringify({ accounts: { '111122223333': { templates: ['.'] } } });

function decide(dir: string, principal: string, resource: string): { code: number | null; decision?: string; stderr: string } {
  const run = runCli(['simulate', '-m', 'm.iam-model.json', '-p', principal, '-a', 's3:GetObject', '-r', resource, '--format', 'json'], dir);
  return { code: run.code, stderr: run.stderr, ...(run.code === 0 ? { decision: (JSON.parse(run.stdout) as { decision: string }).decision } : {}) };
}

test('roles with count and name_prefix are one role per instance, named by the prefix and the index, and the model says so', () => {
  const dir = tempWorkspace({
    'm.iam-model.json': MODEL,
    'main.tf': [
      'resource "aws_iam_role" "r" {',
      '  count              = 2',
      '  name_prefix        = "app-"',
      `  assume_role_policy = ${TRUST}`,
      '  inline_policy {',
      '    name   = "x"',
      '    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b${count.index}/*" }] })',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/app-0', 'arn:aws:s3:::b0/k').decision, 'allowed');
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/app-1', 'arn:aws:s3:::b1/k').decision, 'allowed');
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/app-1', 'arn:aws:s3:::b0/k').decision, 'implicitDeny');
  const who = runCli(['who-can', '-m', 'm.iam-model.json', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b0/k'], dir);
  assert.match(who.stdout, /role\/app-0/);
});

test('two instances given one fixed name are not merged: the first is kept and the model says AWS refuses the second', () => {
  const dir = tempWorkspace({
    'm.iam-model.json': MODEL,
    'main.tf': [
      'resource "aws_iam_role" "r" {',
      '  for_each           = { a = "b-a", b = "b-b" }',
      '  name               = "fixed"',
      `  assume_role_policy = ${TRUST}`,
      '  inline_policy {',
      '    name   = "x"',
      '    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${each.value}/*" }] })',
      '  }',
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/fixed', 'arn:aws:s3:::b-a/k').decision, 'allowed');
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/fixed', 'arn:aws:s3:::b-b/k').decision, 'implicitDeny');
});

test('var.list[count.index] resolves in each instance: the policy names each bucket, and check validates the real ARN', () => {
  const dir = tempWorkspace({
    'm.iam-model.json': MODEL,
    'main.tf': [
      'variable "buckets" {',
      '  default = ["bucket-a", "bucket-b"]',
      '}',
      'resource "aws_iam_role" "r" {',
      '  count              = 2',
      '  name               = "role-${count.index}"',
      `  assume_role_policy = ${TRUST}`,
      '}',
      'resource "aws_iam_role_policy" "p" {',
      '  count  = 2',
      '  role   = aws_iam_role.r[count.index].id',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.buckets[count.index]}/*" }] })',
      '}',
      '',
    ].join('\n'),
  });
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/role-0', 'arn:aws:s3:::bucket-a/k').decision, 'allowed');
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/role-1', 'arn:aws:s3:::bucket-b/k').decision, 'allowed');
  assert.equal(decide(dir, 'arn:aws:iam::111122223333:role/role-0', 'arn:aws:s3:::bucket-b/k').decision, 'implicitDeny');
});

test("the model's description says which names it assumes and which instances AWS would refuse", async () => {
  const parse = await loadHclParser();
  const text = [
    'resource "aws_iam_role" "gen" {',
    '  count              = 2',
    '  name_prefix        = "app-"',
    `  assume_role_policy = ${TRUST}`,
    '}',
    'resource "aws_iam_role" "fixed" {',
    '  for_each           = toset(["a", "b"])',
    '  name               = "fixed"',
    `  assume_role_policy = ${TRUST}`,
    '}',
    '',
  ].join('\n');
  const model = terraformModel(readTerraformModule([{ path: 'main.tf', text }], parse), '.') as { description: string };
  const description = model.description;
  assert.match(description, /aws_iam_role\.gen is named from its name_prefix, .* by the prefix and its index or key \(app-0\)/);
  assert.match(
    description,
    /aws_iam_role\.fixed\["b"\] in \. has the name of aws_iam_role\.fixed\["a"\] in \. \(role fixed\): AWS refuses to create the second/,
  );
});
