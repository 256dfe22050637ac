import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentLink, DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver';
import { applyEdits, startHarness } from './harness';

const POLICY =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Read",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    },\n    {\n      "Effect": "Deny",\n      "Action": "s3:DeleteObject",\n      "Resource": "*"\n    }\n  ]\n}';

test('document symbols: statements by Sid or index, with their elements; embedded policies by what they are', async () => {
  const h = await startHarness();
  try {
    await h.open('file:///work/p.json', POLICY, 'iam-policy');
    const symbols: DocumentSymbol[] = await h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///work/p.json' } });
    assert.deepEqual(
      symbols.map((s) => s.name),
      // Numbered from 1, as explanations and fixes number statements.
      ['Read (Allow)', 'Statement 2 (Deny)'],
    );
    assert.deepEqual(
      symbols[0]?.children?.map((c) => c.name),
      ['Sid', 'Effect', 'Action', 'Resource'],
    );
    assert.equal(symbols[1]?.range.start.line, 9);
    const model = '{"accounts":{"111111111111":{"roles":{"deployer":{"trustPolicy":{"Statement":[{"Sid":"Trust","Effect":"Allow"}]}}}}}}';
    await h.open('file:///work/a.iam-model.json', model);
    const modelSymbols: DocumentSymbol[] = await h.client.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: 'file:///work/a.iam-model.json' },
    });
    assert.equal(modelSymbols[0]?.name, 'trust policy of role deployer');
    assert.equal(modelSymbols[0]?.children?.[0]?.name, 'Trust (Allow)');
  } finally {
    await h.close();
  }
});

test('folding ranges for every multi-line object and array, closing bracket left visible', async () => {
  const h = await startHarness();
  try {
    await h.open('file:///work/p.json', POLICY, 'iam-policy');
    const ranges: FoldingRange[] = await h.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: 'file:///work/p.json' } });
    const pairs = ranges.map((r) => [r.startLine, r.endLine]);
    assert.deepEqual(pairs, [
      [0, 14],
      [2, 13],
      [3, 7],
      [9, 12],
    ]);
  } finally {
    await h.close();
  }
});

test('formatting re-indents with the editor options', async () => {
  const h = await startHarness();
  try {
    const compact = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    await h.open('file:///work/p.json', compact, 'iam-policy');
    const edits: TextEdit[] = await h.client.sendRequest('textDocument/formatting', {
      textDocument: { uri: 'file:///work/p.json' },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(applyEdits(compact, edits), JSON.stringify(JSON.parse(compact), null, 2));
  } finally {
    await h.close();
  }
});

test('formatting leaves text nested thousands of levels deep untouched instead of exploding it line by line', async () => {
  const h = await startHarness();
  try {
    const pasted = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${'['.repeat(4000)}`;
    await h.open('file:///work/deep.json', pasted, 'iam-policy');
    const edits: TextEdit[] = await h.client.sendRequest('textDocument/formatting', {
      textDocument: { uri: 'file:///work/deep.json' },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, []);
  } finally {
    await h.close();
  }
});

test('document links: file names in a model and a test file open the files, resolved against the file that names them', async () => {
  const h = await startHarness();
  try {
    const model = '{\n  "accounts": { "111111111111": { "policies": { "S3Read": "./policies/s3-read.json" }, "authorizationDetails": "gaad.json" } }\n}';
    await h.open('file:///work/org/a.iam-model.json', model);
    const links: DocumentLink[] = await h.client.sendRequest('textDocument/documentLink', { textDocument: { uri: 'file:///work/org/a.iam-model.json' } });
    assert.deepEqual(
      links.map((l) => l.target),
      ['file:///work/org/policies/s3-read.json', 'file:///work/org/gaad.json'],
    );
    const line = model.split('\n')[links[0]?.range.start.line ?? 0] ?? '';
    assert.equal(line.slice(links[0]?.range.start.character, links[0]?.range.end.character), './policies/s3-read.json');
    await h.open('file:///work/p.json', POLICY, 'iam-policy');
    assert.deepEqual(await h.client.sendRequest('textDocument/documentLink', { textDocument: { uri: 'file:///work/p.json' } }), []);
  } finally {
    await h.close();
  }
});

test("document links are exactly the paths: templates of any extension and a test's model link, a resource ARN ending in .json and a Terraform folder do not", async () => {
  const h = await startHarness({ files: { '/work/infra/main.tf': 'resource "aws_iam_role" "r" {}' } });
  const linksOf = async (uri: string, text: string) => {
    await h.open(uri, text);
    const links: DocumentLink[] = await h.client.sendRequest('textDocument/documentLink', { textDocument: { uri } });
    return links.map((l) => l.target);
  };
  try {
    const model =
      '{ "accounts": { "123456789012": { "templates": ["./app.yaml", { "path": "./sam/template.yml" }, "./net.json", "./infra"],' +
      ' "roles": { "r": { "policies": ["arn:aws:iam::aws:policy/x.json"], "trustPolicy": "./trust.json" } } } } }';
    assert.deepEqual(await linksOf('file:///work/account.iam-model.json', model), [
      'file:///work/app.yaml',
      'file:///work/sam/template.yml',
      'file:///work/net.json',
      'file:///work/trust.json',
    ]);
    const tests =
      '{ "model": "../infra/app.yaml", "tests": [ { "name": "n", "principal": "orders-app", "action": "s3:GetObject",' +
      ' "resource": "arn:aws:s3:::orders-data-prod/2026/order-1.json", "sessionPolicies": ["./session.json"], "expect": "allowed" } ] }';
    assert.deepEqual(await linksOf('file:///work/tests/t.iam-test.json', tests), ['file:///work/infra/app.yaml', 'file:///work/tests/session.json']);
  } finally {
    await h.close();
  }
});
