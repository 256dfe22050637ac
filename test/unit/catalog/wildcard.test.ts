import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileWildcard, hasWildcard, matchesWildcard } from '../../../server/src/iam/wildcard';

const ci = { caseInsensitive: true };
const cs = { caseInsensitive: false };

test('hasWildcard finds * and ? only', () => {
  assert.equal(hasWildcard('s3:Get*'), true);
  assert.equal(hasWildcard('s3:Get?bject'), true);
  assert.equal(hasWildcard('arn:aws:s3:::bucket/${aws:username}'), false);
  assert.equal(hasWildcard('s3:GetObject'), false);
});

test('* matches any run including none, ? exactly one character', () => {
  const cases: [string, string, boolean][] = [
    ['*', '', true],
    ['*', 'anything at all', true],
    ['s3:Get*', 's3:Get', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['*Object', 's3:GetObject', true],
    ['*Object', 's3:GetObjectAcl', false],
    ['s3:*Object*', 's3:GetObjectAcl', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:Getbject', false],
    ['s3:Get?bject', 's3:GetOObject', false],
    ['???', 'abc', true],
    ['???', 'abcd', false],
    ['a*b?c', 'aXXbYc', true],
    ['a*b?c', 'abc', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*a*', 'bbb', false],
    ['a**b', 'ab', true],
    ['arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket/', true],
    ['arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket', false],
    ['arn:aws:iam::*:role/?dmin*', 'arn:aws:iam::123456789012:role/Admin-Role', true],
  ];
  for (const [pattern, value, expected] of cases) {
    assert.equal(matchesWildcard(pattern, value, cs), expected, `${pattern} vs ${value}`);
  }
});

test('case mode: action names fold case, ARNs do not', () => {
  assert.equal(matchesWildcard('S3:get*', 's3:GetObject', ci), true);
  assert.equal(matchesWildcard('s3:GETOBJECT', 's3:GetObject', ci), true);
  assert.equal(matchesWildcard('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key', cs), false);
  assert.equal(matchesWildcard('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::Bucket/key', cs), true);
});

test('regex metacharacters in a pattern are literal', () => {
  assert.equal(matchesWildcard('a.c', 'abc', cs), false);
  assert.equal(matchesWildcard('a.c', 'a.c', cs), true);
  assert.equal(matchesWildcard('(a|b)+*', '(a|b)+x', cs), true);
  assert.equal(matchesWildcard('(a|b)+*', 'aa', cs), false);
  assert.equal(matchesWildcard('[ab]*', 'a', cs), false);
  assert.equal(matchesWildcard('^$\\*', '^$\\', cs), true);
});

test('compiled matchers are cached per pattern and case mode', () => {
  assert.equal(compileWildcard('x*y', ci), compileWildcard('x*y', ci));
  assert.notEqual(compileWildcard('x*y', ci), compileWildcard('x*y', cs));
});

// A backtracking matcher would take exponential time here; the timeout only catches such a hang (speed is for `npm run bench`).
test('many stars on a long input finish (no backtracking blowup)', { timeout: 20_000 }, () => {
  const input = 'a'.repeat(100_000);
  assert.equal(matchesWildcard('a*a*a*a*a*a*a*a*a*b', input, cs), false);
  assert.equal(matchesWildcard('*a?a*a?a*a?a*a?a*b', input, cs), false);
  assert.equal(matchesWildcard('a*a*a*a*a*a*a*a*a*a', input, cs), true);
  assert.equal(matchesWildcard('*?*?*?*?*?*?*?*?*?*?*?*?*c', input, cs), false);
});

test('agrees with a brute-force reference on random patterns', () => {
  // A tiny recursive matcher as the reference (exponential, so only on short strings).
  const reference = (p: string, v: string): boolean => {
    if (p === '') return v === '';
    if (p[0] === '*') return reference(p.slice(1), v) || (v !== '' && reference(p, v.slice(1)));
    if (v === '') return false;
    return (p[0] === '?' || p[0] === v[0]) && reference(p.slice(1), v.slice(1));
  };
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = 'ab*?';
  for (let i = 0; i < 3000; i++) {
    const pattern = Array.from({ length: random(7) }, () => alphabet[random(4)]).join('');
    const value = Array.from({ length: random(8) }, () => 'ab'[random(2)]).join('');
    assert.equal(matchesWildcard(pattern, value, cs), reference(pattern, value), `${pattern} vs ${value}`);
  }
});
