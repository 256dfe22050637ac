import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, MAX_NESTING_DEPTH } from '../../../server/src/iam/parser';

const text = (s: string, span: { offset: number; length: number }): string => s.slice(span.offset, span.offset + span.length);

test('a well-formed policy yields a typed tree whose spans point at the source', () => {
  const src = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::reports/*",
      "Condition": { "Bool": { "aws:SecureTransport": "true" }, "NumericLessThan": { "s3:max-keys": [10, 20] } } },
    { "Effect": "Deny", "NotAction": "iam:*", "NotResource": "*", "Principal": { "AWS": ["arn:aws:iam::111111111111:root"] } }
  ]
}`;
  const parsed = parsePolicy(src);
  assert.deepEqual(parsed.problems, []);
  const doc = parsed.document;
  assert.ok(doc);
  assert.equal(doc.version?.value, '2012-10-17');
  assert.equal(doc.statementIsArray, true);
  assert.equal(doc.statements.length, 2);
  const [first, second] = doc.statements;
  assert.ok(first && second);
  assert.equal(first.sid?.value, 'Read');
  assert.deepEqual(
    first.action?.items.map((i) => i.value),
    ['s3:GetObject', 's3:ListBucket'],
  );
  assert.equal(text(src, first.action!.items[1]!.span), '"s3:ListBucket"');
  assert.equal(first.resource?.isArray, false);
  const numeric = first.condition?.operators[1];
  assert.equal(numeric?.operator, 'NumericLessThan');
  assert.deepEqual(
    numeric?.keys[0]?.values.map((v) => v.value),
    [10, 20],
  );
  assert.equal(text(src, numeric!.operatorSpan), '"NumericLessThan"');
  assert.equal(second.index, 1);
  assert.equal(second.notAction?.items[0]?.value, 'iam:*');
  assert.equal(second.principal?.entries[0]?.type, 'AWS');
  assert.equal(second.principal?.entries[0]?.values[0]?.value, 'arn:aws:iam::111111111111:root');
});

test('a single-object Statement and a bare "*" principal are typed', () => {
  const parsed = parsePolicy('{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}');
  assert.equal(parsed.document?.statementIsArray, false);
  assert.equal(parsed.document?.statements[0]?.principal?.bare?.value, '*');
});

test('half-typed text still yields a partial tree plus syntax problems, never an exception', () => {
  const src = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:Get';
  const parsed = parsePolicy(src);
  assert.ok(parsed.problems.some((p) => p.kind === 'syntax'));
  assert.equal(parsed.document?.statements[0]?.effect?.value, 'Allow');
  assert.equal(parsed.document?.statements[0]?.action?.items[0]?.value, 's3:Get');
  for (let i = 0; i <= src.length; i++) assert.doesNotThrow(() => parsePolicy(src.slice(0, i)));
});

test('duplicate keys, comments and characters AWS rejects are recorded with their spans', () => {
  const src =
    '{\n  // note\n  "Version": "2012-10-17", "Version": "2008-10-17",\n  "Statement": [{ "Sid": "caf\u00e9\u2603", "Effect": "Allow", "Action": "*", "Resource": "*" }]\n}';
  const parsed = parsePolicy(src);
  const comment = parsed.problems.find((p) => p.kind === 'comment');
  assert.equal(comment && text(src, comment.span), '// note');
  const duplicate = parsed.problems.find((p) => p.kind === 'duplicateKey');
  assert.ok(duplicate);
  assert.equal(duplicate.span.offset, src.lastIndexOf('"Version"'));
  assert.equal(parsed.document?.version?.value, '2008-10-17', 'the last duplicate wins, as in JSON');
  const chars = parsed.problems.filter((p) => p.kind === 'invalidCharacter');
  assert.equal(chars.length, 1, 'é (U+00E9) is accepted, the snowman is not');
  assert.equal(text(src, chars[0]!.span), '\u2603');
  assert.match(chars[0]!.message, /U\+2603/);
});

test('empty text, non-object JSON and absurd nesting give a problem instead of a tree or a crash', () => {
  assert.equal(parsePolicy('').problems[0]?.kind, 'empty');
  assert.equal(parsePolicy('  \n ').problems[0]?.kind, 'empty');
  assert.equal(parsePolicy('[1, 2]').problems[0]?.kind, 'notAnObject');
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const parsed = parsePolicy(deep);
  assert.equal(parsed.tree, undefined);
  const problem = parsed.problems.find((p) => p.kind === 'tooDeep');
  assert.ok(problem);
  assert.equal(problem.span.offset, MAX_NESTING_DEPTH);
});

test('binary garbage is reported, not thrown, and the number of character problems is capped', () => {
  let garbage = '';
  for (let i = 0; i < 5000; i++) garbage += String.fromCharCode((i * 7919) % 65536);
  const parsed = parsePolicy(garbage);
  assert.ok(parsed.problems.filter((p) => p.kind === 'invalidCharacter').length <= 20);
  assert.ok(parsed.problems.length > 0);
});

test('a long run of broken JSON reports its first syntax errors and a count of the rest', () => {
  const parsed = parsePolicy('{"Statement": [' + '1 '.repeat(2000) + ']}');
  const syntax = parsed.problems.filter((p) => p.kind === 'syntax');
  assert.equal(syntax.length, 51);
  assert.match(syntax[50]!.message, /more JSON syntax errors/);
});
