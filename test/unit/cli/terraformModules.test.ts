// Local Terraform modules as their callers instantiate them: `check` validates a module's policies with each call's
// inputs (each instance of a call with count/for_each), reports them in the module's file naming the call, once per
// finding; models hold one principal per instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { runCli, tempWorkspace } from './cliRun';

const READER = [
  'variable "name" {}',
  'variable "actions" {',
  '  default = ["s3:GetObject"]',
  '}',
  '',
  'data "aws_iam_policy_document" "read" {',
  '  statement {',
  '    actions   = var.actions',
  '    resources = ["arn:aws:s3:::${var.name}/*"]',
  '  }',
  '  statement {',
  '    actions   = ["sts:AssumeRolee"]',
  '    resources = ["*"]',
  '  }',
  '}',
  '',
  'resource "aws_iam_policy" "read" {',
  '  name   = var.name',
  '  policy = data.aws_iam_policy_document.read.json',
  '}',
  '',
].join('\n');

const MAIN = [
  'module "reports_reader" {',
  '  source  = "./modules/reader"',
  '  name    = "reports-reader"',
  '  actions = ["s3:GetObject", "s3:GetObjekt"]',
  '}',
  '',
  'module "team" {',
  '  source   = "./modules/reader"',
  '  for_each = toset(["blue", "green"])',
  '  name     = "team-${each.key}"',
  '  actions  = ["s3:ListBuckett"]',
  '}',
  '',
  'module "unknown" {',
  '  source = "./modules/reader"',
  '  count  = var.n',
  '  name   = "u-${count.index}"',
  '}',
  '',
  'variable "n" {}',
  '',
].join('\n');

function lines(stdout: string, pattern: RegExp): string[] {
  return stdout.split('\n').filter((line) => pattern.test(line));
}

test("a module's policy made wrong by its caller's input is reported in the module's file, naming the module call", () => {
  const dir = tempWorkspace({ 'main.tf': MAIN, 'modules/reader/main.tf': READER });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  // `actions = var.actions` in the module, at line 8 column 17, holds the caller's misspelt action.
  assert.deepEqual(lines(run.stdout, /GetObjekt/), [
    "modules/reader/main.tf:8:17 warning unknownAction The service 's3' has no action 'GetObjekt' in the catalog, so it grants nothing. Did you mean 'GetObject' or 'PutObject'? (instantiated by module.reports_reader at main.tf:1) [INVALID_ACTION] (in policy document data.aws_iam_policy_document.read)",
  ]);
  // Both instances of the for_each call pass the same action: one finding, naming both.
  assert.deepEqual(
    lines(run.stdout, /ListBuckett/).map((line) => /\(instantiated by [^)]*\)/.exec(line)?.[0]),
    ['(instantiated by module.team["blue"] at main.tf:7, module.team["green"] at main.tf:7)'],
  );
  // The module's own mistake, reached through four instances, is one finding.
  assert.equal(lines(run.stdout, /AssumeRolee/).length, 1);
  // A count the configuration does not determine: one instance, and a note at the count.
  assert.deepEqual(lines(run.stdout, /terraformInstancesUnknown/), [
    'main.tf:16:12 info terraformInstancesUnknown The count of module.unknown is not known from the configuration: its module is read once, with count.index unknown.',
  ]);
});

test('checking the whole folder: the module file gets its own findings once, and those its callers cause', () => {
  const dir = tempWorkspace({ 'main.tf': MAIN, 'modules/reader/main.tf': READER });
  const run = runCli(['check', '.', '--format', 'json'], dir);
  const reports = JSON.parse(run.stdout) as { file: string; diagnostics: { code: string; message: string; policy?: { path: string } }[] }[];
  assert.deepEqual(
    reports.map((report) => report.file),
    ['main.tf', 'modules/reader/main.tf'],
  );
  const moduleFile = reports[1]?.diagnostics ?? [];
  // AssumeRolee is the module's own: reported as for any .tf file, not again for each call.
  assert.deepEqual(
    moduleFile.map((d) => [d.code, /'(\w+)' in the catalog/.exec(d.message)?.[1], d.message.includes('instantiated by'), d.policy?.path]),
    [
      ['unknownAction', 'GetObjekt', true, 'data.aws_iam_policy_document.read'],
      ['unknownAction', 'ListBuckett', true, 'data.aws_iam_policy_document.read'],
      ['unknownAction', 'AssumeRolee', false, 'data.aws_iam_policy_document.read'],
    ],
  );
});

test('a baseline keys module findings by rule, module file and policy path: edits elsewhere keep it, a new call breaks it', () => {
  const dir = tempWorkspace({ 'main.tf': MAIN, 'modules/reader/main.tf': READER });
  const strict = ['--severity', 'unknownAction=error'];
  assert.equal(runCli(['check', '.', ...strict], dir).code, 1);
  assert.equal(runCli(['check', '.', ...strict, '--write-baseline', 'baseline.json'], dir).code, 0);
  const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { findings: { file: string; rule: string; policy: string }[] };
  assert.equal(baseline.findings.filter((f) => f.file === 'modules/reader/main.tf' && f.policy === 'data.aws_iam_policy_document.read').length, 3);
  // Lines added above every call move the calls (and the message's main.tf:N): still matched.
  writeFileSync(join(dir, 'main.tf'), `# Reports\n\n${MAIN}`);
  const moved = runCli(['check', '.', ...strict, '--baseline', 'baseline.json'], dir);
  assert.equal(moved.code, 0, moved.stdout);
  assert.match(moved.stdout, /instantiated by module\.reports_reader at main\.tf:3/);
  // A new call passing a new misspelt action: a new finding.
  writeFileSync(join(dir, 'main.tf'), `${MAIN}module "writer" {\n  source  = "./modules/reader"\n  name    = "w"\n  actions = ["s3:PutObjekt"]\n}\n`);
  assert.equal(runCli(['check', '.', ...strict, '--baseline', 'baseline.json'], dir).code, 1);
});

test("terraform-aws-iam's own examples instantiate its modules without a finding or a note", () => {
  const dir = join(repoRoot(), 'test', 'fixtures', 'terraform-modules');
  const run = runCli(['check', 'examples/iam-role/main.tf', 'examples/iam-policy/main.tf'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^2 files checked: 0 errors, 0 warnings, 0 suggestions/m);
});

test('a module called with for_each is one role per instance: the public iam-role example makes admin, readonly and poweruser', () => {
  const dir = join(repoRoot(), 'test', 'fixtures', 'terraform-modules');
  const who = runCli(['who-can', '--model', 'examples/iam-role', '--action', 'sts:AssumeRole', '--resource', '*', '--format', 'json'], dir);
  const simulate = (principal: string) =>
    runCli(['simulate', '--model', 'examples/iam-role', '--principal', principal, '--action', 'iam:ListRoles', '--resource', '*', '--format', 'json'], dir);
  assert.equal(who.code, 0, who.stderr);
  // The module names each role with `name_prefix = "${var.name}-"` and each call instance passes `name = each.key`.
  for (const name of ['admin-', 'readonly-', 'poweruser-']) {
    const run = simulate(name);
    assert.equal(run.code, 0, `${name}: ${run.stderr}`);
    assert.match(run.stdout, new RegExp(`arn:aws:iam::123456789012:role/${name}`));
  }
  // The call with `create = false` makes no role (`count = var.create ? 1 : 0`), not even through its inline policy.
  assert.equal(simulate('iam_role_disabled-this').code, 2);
  assert.equal(simulate('iam_role_disabled-this-0').code, 2);
  // A call that names its role with a function the model does not evaluate keeps a role of its own, not a shared one.
  assert.equal(simulate('iam_role_saml-this-0').code, 0);
});

test('a resource with count or for_each is one principal per instance, with count.index, each.key and indexed references resolved', () => {
  const trust =
    'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })';
  const dir = tempWorkspace({
    'main.tf': [
      'variable "workers" {',
      '  default = 2',
      '}',
      'resource "aws_iam_role" "worker" {',
      '  count              = var.workers',
      '  name               = "worker-${count.index}"',
      `  assume_role_policy = ${trust}`,
      '}',
      'resource "aws_iam_role_policy" "queue" {',
      '  count = var.workers',
      '  role  = aws_iam_role.worker[count.index].name',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:ReceiveMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:jobs-${count.index}" }] })',
      '}',
      'resource "aws_iam_user" "team" {',
      '  for_each = { alice = "dev", bob = "ops" }',
      '  name     = "${each.key}-${each.value}"',
      '}',
      '',
    ].join('\n'),
  });
  const decide = (principal: string, resource: string): string => {
    const run = runCli(
      ['simulate', '--model', '.', '--principal', principal, '--action', 'sqs:ReceiveMessage', '--resource', resource, '--format', 'json'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { decision: string }).decision;
  };
  assert.equal(decide('worker-0', 'arn:aws:sqs:us-east-1:123456789012:jobs-0'), 'allowed');
  assert.equal(decide('worker-1', 'arn:aws:sqs:us-east-1:123456789012:jobs-1'), 'allowed');
  assert.equal(decide('worker-1', 'arn:aws:sqs:us-east-1:123456789012:jobs-0'), 'implicitDeny');
  for (const user of ['alice-dev', 'bob-ops']) assert.equal(decide(user, 'arn:aws:sqs:us-east-1:123456789012:jobs-0'), 'implicitDeny');
});

test('a call with more instances than are read says so: at most 100 of one block, 64 module instances in all', () => {
  const dir = tempWorkspace({
    'main.tf': 'module "many" {\n  source = "./modules/reader"\n  count  = 150\n  name   = "r-${count.index}"\n}\n',
    'modules/reader/main.tf': READER,
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(run.stdout, /terraformModulesNotRead/), [
    'main.tf:1:1 info terraformModulesNotRead module.many has 150 instances: the first 100 are read.',
    'main.tf:1:1 info terraformModulesNotRead module.many[64] is not read: at most 64 local module instances are read.',
  ]);
  // The module's own finding, reached through 64 instances, is still one finding.
  assert.equal(lines(run.stdout, /AssumeRolee/).length, 1);
  assert.match(
    lines(run.stdout, /AssumeRolee/)[0] ?? '',
    /instantiated by module\.many\[0\] at main\.tf:1, module\.many\[1\] at main\.tf:1, module\.many\[2\] at main\.tf:1 and 61 more/,
  );
});

test('a conditional is resolved when its test is known (a default, a caller input), and stays an unknown otherwise', () => {
  const module = [
    'variable "strict" {',
    '  default = true',
    '}',
    'variable "bucket" {',
    '  default = { name = "logs" }',
    '}',
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.strict ? "s3:GetObjekt" : "s3:*", Resource = "arn:aws:s3:::${var.bucket.name}/*" }] })',
    '}',
    '',
  ].join('\n');
  const dir = tempWorkspace({
    'modules/p/main.tf': module,
    'main.tf': [
      'variable "mode" {}',
      'module "lenient" {',
      '  source = "./modules/p"',
      '  strict = false',
      '}',
      'module "open" {',
      '  source = "./modules/p"',
      '  strict = var.mode',
      '}',
      '',
    ].join('\n'),
  });
  const alone = runCli(['check', 'modules/p/main.tf'], dir);
  // With its default (strict), the module's own policy takes the misspelt branch, pointed at inside its string.
  assert.deepEqual(
    lines(alone.stdout, /unknownAction/).map((line) => line.slice(0, line.indexOf(' warning'))),
    ['modules/p/main.tf:8:108'],
  );
  // Called with strict = false (the other branch) or an unknown (no guess): nothing from either call.
  const called = runCli(['check', 'main.tf'], dir);
  assert.equal(called.code, 0, called.stderr);
  assert.doesNotMatch(called.stdout, /instantiated by/);
});

test('a policy on a resource with for_each is checked per instance: a finding only some instances have names them', () => {
  const dir = tempWorkspace({
    'main.tf': [
      'resource "aws_iam_role_policy" "access" {',
      '  for_each = { reader = "s3:GetObjekt", writer = "s3:PutObject" }',
      '  role     = "app"',
      '  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = each.value, Resource = "arn:aws:s3:::data-${each.key}/*" }] })',
      '}',
      '',
    ].join('\n'),
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  // `Action = each.value` is where the value comes from: reported there, naming the instance.
  assert.deepEqual(
    lines(run.stdout, /unknownAction/).map((line) => [
      line.slice(0, line.indexOf(' warning')),
      /\(instance aws_iam_role_policy\.access\["reader"\]\)/.test(line),
    ]),
    [['main.tf:4:93', true]],
  );
  assert.match(run.stdout, /^1 file checked: 0 errors, 1 warning/m);
});

test('a role named by name_prefix is that prefix in a model, and the attachments and policies that reference it agree', () => {
  const trust =
    'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })';
  const dir = tempWorkspace({
    'main.tf': [
      'resource "aws_iam_role" "app" {',
      '  name_prefix        = "app-"',
      `  assume_role_policy = ${trust}`,
      '}',
      'resource "aws_iam_role_policy" "read" {',
      '  role   = aws_iam_role.app.name',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })',
      '}',
      '',
    ].join('\n'),
  });
  const run = runCli(
    ['simulate', '--model', '.', '--principal', 'app-', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--format', 'json'],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { decision: string }).decision, 'allowed');
});
