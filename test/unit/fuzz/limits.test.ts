// Documents far beyond AWS's quotas (a 2 MB policy where AWS stops at 6,144 characters; a 20 MB account model) must
// still open, validate and evaluate without a crash, and the answers must still be right: the quota is reported as
// a finding, a request granted by the very last statement is still allowed, and the language server keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { loadCatalog } from '../../../server/src/node/catalogFiles';
import { memoryHost } from '../../fuzz/targets';
import { positionAt, startHarness } from '../lsp/harness';

const catalog = loadCatalog();

function statement(i: number): Record<string, unknown> {
  return {
    Sid: `Statement${i}`,
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'sqs:SendMessage'],
    Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:eu-west-1:111111111111:table/table-${i}`, `arn:aws:sqs:eu-west-1:111111111111:queue-${i}`],
    Condition: { StringEquals: { 'aws:PrincipalTag/team': [`team-${i % 7}`, 'platform'] }, Bool: { 'aws:SecureTransport': 'true' } },
  };
}

/** A policy document of at least `bytes` characters whose last statement grants s3:GetObject on bucket-<last>. */
function bigPolicy(bytes: number): { text: string; last: number } {
  const statements: Record<string, unknown>[] = [];
  let size = 0;
  while (size < bytes) {
    const s = statement(statements.length);
    size += JSON.stringify(s, null, 2).length + 4;
    statements.push(s);
  }
  return { text: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), last: statements.length - 1 };
}

test('a 2 MB policy parses, validates with the size quota reported, and evaluates to the right decision', () => {
  const { text, last } = bigPolicy(2 * 1024 * 1024);
  assert.ok(text.length >= 2 * 1024 * 1024);
  const parsed = parsePolicy(text);
  assert.equal(parsed.document?.statements.length, last + 1);

  const result = validatePolicy(parsed, { type: 'identity', catalog });
  assert.ok(
    result.findings.some((f) => f.code === 'policySize'),
    'the quota is reported',
  );
  assert.ok(!result.findings.some((f) => f.code === 'internalError'), 'no rule failed');

  const model = JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { huge: JSON.parse(text) as unknown } } } } } });
  const loaded = loadModel('/limits/model.iam-model.json', memoryHost({ '/limits/model.iam-model.json': model })).model;
  const request = (bucket: number) => ({
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:GetObject',
    resource: `arn:aws:s3:::bucket-${bucket}/report.csv`,
    context: { 'aws:PrincipalTag/team': 'platform', 'aws:SecureTransport': 'true' },
  });
  assert.equal(evaluate(loaded, request(last), { catalog }).decision, 'allowed');
  assert.equal(evaluate(loaded, request(last + 1), { catalog }).decision, 'implicitDeny');
});

test('a 20 MB account model loads and answers requests for its last user', () => {
  const users: Record<string, unknown> = {};
  const policy = JSON.parse(bigPolicy(2000).text) as unknown;
  let count = 0;
  let size = 0;
  while (size < 20 * 1024 * 1024) {
    const user = { groups: ['readers'], tags: { team: 'platform' }, inlinePolicies: { own: policy } };
    users[`user${count++}`] = user;
    size += JSON.stringify(user, null, 2).length;
  }
  const model = JSON.stringify({ accounts: { '111111111111': { groups: { readers: { policies: [] } }, users } } }, null, 2);
  assert.ok(model.length >= 20 * 1024 * 1024);
  const { model: loaded, diagnostics } = loadModel('/limits/big.iam-model.json', memoryHost({ '/limits/big.iam-model.json': model }));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.equal(loaded.principals().filter((p) => p.kind === 'user').length, count);
  const last = `arn:aws:iam::111111111111:user/user${count - 1}`;
  const result = evaluate(
    loaded,
    { principal: last, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-0/x', context: { 'aws:SecureTransport': 'true' } },
    { catalog },
  );
  assert.equal(result.decision, 'allowed');
});

test('the language server keeps answering on a 2 MB policy: diagnostics, completion and hover, no handler failure', async () => {
  const { text } = bigPolicy(2 * 1024 * 1024);
  const h = await startHarness({ catalog });
  try {
    const uri = 'file:///limits/huge.iam.json';
    await h.open(uri, text, 'iam-policy');
    const diagnostics = await h.diagnostics(uri);
    assert.ok(
      diagnostics.some((d) => d.code === 'policySize'),
      'the size quota is reported in the editor too',
    );
    const at = text.lastIndexOf('"s3:GetObject"') + 4;
    const position = positionAt(text, at);
    const items = await h.completion(uri, position);
    assert.ok(items.length > 0, 'completion still offers actions');
    const hover = await h.hover(uri, position);
    assert.ok(hover !== null, 'hover still explains the action');
    assert.deepEqual(
      h.logs.filter((l) => l.includes('failed')),
      [],
    );
  } finally {
    await h.close();
  }
});
