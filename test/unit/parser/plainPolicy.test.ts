// The quick reading of a policy (JSON.parse, no positions) used to decide requests: it must give the same typed view as
// parsePolicy wherever it answers, and must not answer where a plain reading could mean something else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../../server/src/iam/parser';
import { readPlainPolicy } from '../../../server/src/iam/parser/plainPolicy';
import { repoRoot } from '../helpers/repoRoot';

/** The typed view with every node and span made alike: what the two readings must share. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  if ('type' in value && 'offset' in value) return 'node';
  if ('offset' in value && 'length' in value) return 'span';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.json') ? [path] : [];
  });
}

/** Every policy document of the evaluator and validator cases, as indented and as compact JSON, and the example policies. */
function policyTexts(): string[] {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      if ('Statement' in value) texts.push(JSON.stringify(value, null, 2), JSON.stringify(value));
      Object.values(value).forEach(visit);
    }
  };
  for (const file of filesUnder(join(repoRoot(), 'test/cases'))) visit(JSON.parse(readFileSync(file, 'utf8')));
  for (const file of filesUnder(join(repoRoot(), 'examples/policies'))) texts.push(readFileSync(file, 'utf8'));
  return texts;
}

test('where the quick reading answers, it gives the typed view of parsePolicy, spans aside', () => {
  let answered = 0;
  const texts = policyTexts();
  for (const text of texts) {
    const plain = readPlainPolicy(text);
    if (!plain) continue;
    answered++;
    const parsed = parsePolicy(text);
    assert.deepEqual(parsed.problems, [], text);
    assert.deepEqual(shape(plain.document), shape(parsed.document), text);
  }
  assert.ok(answered > texts.length / 2, `answered ${answered} of ${texts.length}`);
});

test('text a plain reading could misread is left to the positioned parse', () => {
  const statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}';
  const declined: Record<string, string> = {
    comment: `{"Statement":[${statement}] // why\n}`,
    'trailing comma': `{"Statement":[${statement},]}`,
    'duplicate top-level key': `{"Version":"2012-10-17","Version":"2008-10-17","Statement":[${statement}]}`,
    'duplicate condition key': `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"},"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
    'duplicate after a quote and colon inside a string': `{"Id":"a\\": b","Id":"c","Statement":[${statement}]}`,
    'character AWS does not accept': `{"Statement":[{"Sid":"It’s","Effect":"Allow","Action":"*","Resource":"*"}]}`,
    'number in a condition': `{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":1.50}}}]}`,
    'key starting with a digit': `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"2":"a","1":"b"}}}]}`,
    'too deep': `{"Statement":${'['.repeat(300)}${']'.repeat(300)}}`,
    'not an object': `[${statement}]`,
    empty: '   ',
    'byte-order mark': `\ufeff{"Statement":[${statement}]}`,
    'unquoted key': `{Statement:[${statement}]}`,
  };
  for (const [why, text] of Object.entries(declined)) assert.equal(readPlainPolicy(text), undefined, why);
});

test('escaped quotes and colons inside strings do not count as keys', () => {
  const text = '{"Id":"say \\"a\\": b\\\\","Statement":{"Sid":"x:\\"","Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::b/\\":"}}';
  const plain = readPlainPolicy(text);
  assert.ok(plain, 'a plain document with escapes is read quickly');
  assert.deepEqual(shape(plain.document), shape(parsePolicy(text).document));
});
