// Terraform: a module's .tf files through the real HCL grammar (web-tree-sitter, WASM), policies in jsonencode,
// heredocs, file(...) and aws_iam_policy_document blocks, interpolations resolved like intrinsics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTerraformModule, validateTerraformFile } from '../../../server/src/iam/templates/index';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { realCatalog } from '../helpers/realCatalog';

const folder = join(__dirname, '../../../../../test/fixtures/templates/terraform');

async function checkModule(files: Record<string, string>, file = 'main.tf') {
  const parse = await loadHclParser();
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  const module = readTerraformModule(sources, parse, undefined, (from, path) => {
    try {
      return readFileSync(join(dirname(from), path), 'utf8');
    } catch {
      return undefined;
    }
  });
  const text = files[file] ?? '';
  const result = validateTerraformFile(module, file, { catalog: realCatalog() });
  return { result, at: (offset: number, length: number) => text.slice(offset, offset + length) };
}

function fixtureModule(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.tf'))) files[join(folder, name)] = readFileSync(join(folder, name), 'utf8');
  return files;
}

test('every policy of the module file, with its type: a data document typed by its use as a trust policy', async () => {
  const files = fixtureModule();
  const { result } = await checkModule(files, join(folder, 'main.tf'));
  assert.deepEqual(
    result.policies.map((p) => [p.policy.type, p.policy.path]),
    [
      ['trust', 'data.aws_iam_policy_document.assume'],
      ['identity', 'aws_iam_role_policy.read.policy'],
      ['resource', 'aws_s3_bucket_policy.reports.policy'],
      ['resource', 'aws_kms_key.k.policy'],
    ],
  );
});

test('interpolations resolve: a variable default from another file, resource ARNs, the caller account; $${} stays a policy variable', async () => {
  const { result } = await checkModule(fixtureModule(), join(folder, 'main.tf'));
  const [, read, bucketPolicy, key] = result.policies.map((p) => p.text?.text ?? '');
  assert.match(read ?? '', /"arn:aws:s3:::acme-reports\/\*"/);
  assert.match(bucketPolicy ?? '', /arn:aws:s3:::acme-reports\/\$\{aws:username\}\/\*/);
  assert.match(key ?? '', /arn:aws:iam::123456789012:root/);
});

test('a finding in jsonencode points at the HCL string, inside its quotes', async () => {
  const files = fixtureModule();
  const { result, at } = await checkModule(files, join(folder, 'main.tf'));
  assert.deepEqual(
    result.findings.map((f) => [f.code, at(f.span.offset, f.span.length)]),
    [['unknownAction', 'GetObjects']],
  );
});

test('file(...) is read from the module folder; its findings point at the call; a conditional is an unknown, not a finding', async () => {
  const files = fixtureModule();
  const { result, at } = await checkModule(files, join(folder, 'queue.tf'));
  assert.deepEqual(
    result.policies.map((p) => p.policy.type),
    ['resource', 'identity'],
  );
  const call = 'file("${path.module}/queue-policy.json")';
  assert.deepEqual(
    result.findings.map((f) => [f.code, at(f.span.offset, f.span.length)]),
    [
      ['servicePrincipalWithoutSource', call],
      ['unknownAction', call],
    ],
  );
});

test('a heredoc policy maps findings to its exact text', async () => {
  const text =
    'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}\nEOF\n}\n';
  const { result, at } = await checkModule({ 'main.tf': text });
  assert.deepEqual(
    result.findings.filter((f) => f.code === 'unknownAction').map((f) => at(f.span.offset, f.span.length)),
    ['GetObjekt'],
  );
});

test('policy document blocks: principals, conditions and not_actions, with findings on the HCL values', async () => {
  const text = `data "aws_iam_policy_document" "bucket" {
  statement {
    effect    = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::b/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransprt"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.bucket.json
}
`;
  const { result, at } = await checkModule({ 'main.tf': text });
  assert.equal(result.policies[0]?.policy.type, 'resource');
  assert.match(result.policies[0]?.text?.text ?? '', /"Principal":"\*"/);
  const key = result.findings.find((f) => f.code === 'unknownGlobalConditionKey');
  assert.ok(key, result.findings.map((f) => f.code).join());
  assert.equal(at(key.span.offset, key.span.length), '"aws:SecureTransprt"');
});

test('broken HCL is a templateSyntax finding with a position, and the rest is still read', async () => {
  const text =
    'resource "aws_iam_policy" "p" {\n  name = \n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })\n}\n';
  const { result } = await checkModule({ 'main.tf': text });
  assert.ok(
    result.findings.some((f) => f.code === 'templateSyntax'),
    result.findings.map((f) => f.code).join(),
  );
});
