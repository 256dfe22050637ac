// What `check` says about Terraform instances it does not validate: a bound on the policy instances of one check
// (count, for_each and module instances multiply), resources Terraform never creates, a for_each Terraform refuses,
// and a cycle of module sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace } from './cliRun';

function lines(stdout: string, pattern: RegExp): string[] {
  return stdout.split('\n').filter((line) => pattern.test(line));
}

const POLICY = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })';

test('a module called with for_each whose policies have count is checked up to 2,000 policy instances, and says how many were not', () => {
  const resources = Array.from(
    { length: 25 },
    (_, i) => `resource "aws_iam_policy" "p${i}" {\n  count  = 100\n  name   = "p${i}-\${count.index}"\n  policy = ${POLICY}\n}\n`,
  );
  const dir = tempWorkspace({
    'main.tf': 'module "m" {\n  source   = "./m"\n  for_each = { a = 1, b = 2 }\n}\n',
    'm/main.tf': resources.join(''),
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  // 2 module instances x 25 policies x 100 instances = 5,000: 2,000 checked, the cut said once, at the call.
  assert.deepEqual(lines(run.stdout, /terraformInstancesNotChecked/), [
    "main.tf:1:1 info terraformInstancesNotChecked 3000 policy instances are not checked: at most 2000 policy instances (resources with count or for_each, and the policies of the module instances this file's calls read) are checked in one file.",
  ]);
  // The checked ones still report their findings.
  assert.equal(lines(run.stdout, /GetObjekt/).length, 20);
});

test('a resource with count = 0 is not created: not checked, and a note says so', () => {
  const dir = tempWorkspace({
    'main.tf': `resource "aws_iam_policy" "off" {\n  count  = 0\n  policy = ${POLICY}\n}\nresource "aws_iam_policy" "on" {\n  count  = 1\n  policy = ${POLICY}\n}\n`,
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    lines(run.stdout, /^main\.tf/).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['main.tf:2:12 info terraformNotCreated', 'main.tf:7:95 warning unknownAction'],
  );
  assert.match(run.stdout, /aws_iam_policy\.off is not created \(count = 0\): its policies are not checked\./);
});

test('for_each over a list is an error at the for_each (Terraform refuses it), not a silent expansion', () => {
  const dir = tempWorkspace({
    'main.tf': `resource "aws_iam_policy" "p" {\n  for_each = ["a", "b"]\n  name     = each.key\n  policy   = ${POLICY}\n}\n`,
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 1, run.stdout);
  assert.deepEqual(
    lines(run.stdout, /terraformForEachList/).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['main.tf:2:14 error terraformForEachList'],
  );
  assert.match(run.stdout, /The for_each of aws_iam_policy\.p is a list: Terraform takes only a map or a set of strings/);
});

test('a cycle of module sources is said in a note at the call that closes it', () => {
  const dir = tempWorkspace({
    'main.tf': 'module "a" {\n  source = "./a"\n}\n',
    'a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
    'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
  });
  const run = runCli(['check', 'main.tf'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(run.stdout, /terraformModulesNotRead/), [
    'b/main.tf:1:1 info terraformModulesNotRead module.a is not read: its source ../a is a module already in its own call chain (a cycle of module sources).',
  ]);
});

test('for_each over a variable: a list default or a list type is the same error; a set type is read per key', () => {
  const resource = (type: string) =>
    `variable "names" {\n${type}  default = ["a", "b"]\n}\nresource "aws_iam_policy" "p" {\n  for_each = var.names\n  name     = each.key\n  policy   = ${POLICY}\n}\n`;
  const list = runCli(['check', 'main.tf'], tempWorkspace({ 'main.tf': resource('') }));
  assert.deepEqual(
    lines(list.stdout, /terraformForEachList/).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['main.tf:5:14 error terraformForEachList'],
  );
  const set = runCli(['check', 'main.tf'], tempWorkspace({ 'main.tf': resource('  type    = set(string)\n') }));
  assert.equal(set.code, 0, set.stdout);
  assert.deepEqual(lines(set.stdout, /terraformForEachList/), []);
  assert.equal(lines(set.stdout, /GetObjekt/).length, 1);
});
