// Class 4 of the hostile inputs: writes are safe and undoable. "Save as test" only inserts (and refuses a request
// the file already tests); quick fixes and refactorings keep the file's comments and line endings; the panel's
// messages are checked before the host acts on them; a damaged code cache is recognised by its checksum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from 'jsonc-parser';
import { isWebviewToHost } from '../../client/src/protocol/messages';
import { planTestAppend } from '../../client/src/protocol/testFileEdits';
import { sortAndDeduplicate } from '../../server/src/iam/assist/refactor';
import type { Fix } from '../../server/src/iam/findings';
import { parsePolicy } from '../../server/src/iam/parser/parsePolicy';
import { validatePolicy } from '../../server/src/iam/validator/validatePolicy';
import { repoRoot } from '../unit/helpers/repoRoot';
import { tinyCatalog } from '../unit/helpers/tinyCatalog';

const TEST = {
  name: 'alice reads',
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  expect: 'allowed' as const,
};

function applyFix(text: string, fix: Fix): string {
  return applyEdits(
    text,
    fix.edits.map((e) => ({ offset: e.span.offset, length: e.span.length, content: e.newText })),
  );
}

test('save as test inserts into a CRLF file with comments: every byte of the old text stays, in order', () => {
  const text =
    '{\r\n  // which model\r\n  "model": "./m.iam-model.json",\r\n  "tests": [\r\n    { "name": "x", "principal": "p", "action": "a", "resource": "r", "expect": "allowed" } // keep me\r\n  ]\r\n}\r\n';
  const plan = planTestAppend(text, TEST);
  assert.equal(plan.kind, 'append');
  if (plan.kind !== 'append') return;
  assert.equal(plan.index, 1);
  for (const edit of plan.edits) assert.equal(edit.length, 0, 'an insertion, never a replacement');
  const updated = applyEdits(text, [...plan.edits]);
  assert.ok(updated.includes('// which model') && updated.includes('// keep me'));
  assert.doesNotMatch(updated.replace(/\r\n/g, ''), /\n/, 'only CRLF line endings');
  assert.equal((JSON.parse(updated.replace(/\/\/.*$/gm, '')) as { tests: unknown[] }).tests.length, 2);
});

test('save as test refuses a request the file already tests (whatever its name or expectation)', () => {
  const text = JSON.stringify({ model: './m.iam-model.json', tests: [{ ...TEST, name: 'other name', expect: 'implicitDeny' }] }, null, 2);
  assert.deepEqual(planTestAppend(text, TEST), { kind: 'duplicate', index: 0 });
  assert.equal(planTestAppend('{ "tests": 3 }', TEST).kind, 'invalid');
  assert.equal(planTestAppend('not json', TEST).kind, 'invalid');
});

test('the quick fix that removes a redundant entry keeps the comment next to it', () => {
  const text =
    '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": [\n      "s3:Get*",\n      "s3:GetObject", // reviewed 2024\n      "s3:PutObject"\n    ],\n    "Resource": "*"\n  }]\n}';
  const result = validatePolicy(text, { type: 'identity', catalog: tinyCatalog() });
  const finding = result.findings.find((f) => f.code === 'redundantAction');
  const fix = finding?.fixes?.[0];
  assert.ok(fix, 'a fix is offered');
  const updated = applyFix(text, fix);
  assert.ok(updated.includes('// reviewed 2024'), updated);
  assert.ok(!updated.includes('"s3:GetObject"'), updated);
  assert.doesNotThrow(() => JSON.parse(updated.replace(/\/\/.*$/gm, '')));
});

test('refactorings and the Version fix keep comments and CRLF line endings', () => {
  const text =
    '{\r\n  "Statement": [{\r\n    "Effect": "Allow",\r\n    "Action": [\r\n      "s3:PutObject", /* why */\r\n      "s3:GetObject"\r\n    ],\r\n    "Resource": "*"\r\n  }]\r\n}\r\n';
  const parsed = parsePolicy(text);
  const element = parsed.document?.statements[0]?.action;
  assert.ok(element);
  const edit = sortAndDeduplicate(text, element);
  assert.ok(edit);
  const sorted = applyEdits(text, [{ offset: edit.span.offset, length: edit.span.length, content: edit.newText }]);
  assert.ok(sorted.includes('/* why */'), sorted);
  assert.doesNotMatch(sorted.replace(/\r\n/g, ''), /\n/, 'only CRLF line endings');
  const version = validatePolicy(text, { type: 'identity', catalog: tinyCatalog() }).findings.find((f) => f.code === 'missingVersion')?.fixes?.[0];
  assert.ok(version);
  assert.doesNotMatch(applyFix(text, version).replace(/\r\n/g, ''), /\n/);
});

test('panel messages are checked before the host acts: openLocation needs a file URI and a real range', () => {
  const range = { start: { line: 1, character: 0 }, end: { line: 2, character: 3 } };
  assert.ok(isWebviewToHost({ type: 'openLocation', location: { uri: 'file:///work/p.json', range } }));
  for (const location of [
    { uri: 'command:workbench.action.terminal.new', range },
    { uri: 'https://example.com/x.json', range },
    { uri: 'file:///work/p.json', range: { start: { line: -1, character: 0 }, end: { line: 1e400, character: 0 } } },
    { uri: 'file:///work/p.json' },
    null,
  ]) {
    assert.equal(isWebviewToHost({ type: 'openLocation', location }), false, JSON.stringify(location));
  }
  assert.equal(isWebviewToHost({ type: 'request', id: 1, method: 'saveTest', params: { modelUri: 'file:///m', test: { name: 1 } } }), false);
  assert.equal(isWebviewToHost({ type: 'request', id: 1, method: 'loadModel', params: null }), false);
});

test('the code cache carries a checksum of its content, which the start checks', () => {
  const cache = readFileSync(join(repoRoot(), 'out', 'bundle', 'cli-main.cache'));
  const data = cache.subarray(64);
  assert.equal(cache.subarray(32, 64).toString('latin1'), createHash('sha256').update(data).digest('hex').slice(0, 32));
  const start = readFileSync(join(repoRoot(), 'out', 'bundle', 'cli.js'), 'utf8');
  assert.match(start, /cachedData/);
});
