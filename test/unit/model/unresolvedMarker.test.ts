// Whether a text holds a value its template left open decides whether answers look for one: found wherever it is,
// and only when the whole marker is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsUnresolved, unresolvedMarker } from '../../../server/src/iam/unresolvedMarker';

test('the marker is found at the start, in the middle and at the end of a text', () => {
  const marker = unresolvedMarker('Fn::ImportValue');
  for (const text of [marker, `${marker} tail`, `{"Resource": "arn:aws:s3:::${marker}/*"}`, `(a) (b) ${marker}`, `x${marker}`]) {
    assert.equal(holdsUnresolved(text), true, text);
  }
});

test('parentheses, or the word without its parenthesis, are not the marker', () => {
  for (const text of ['', '(', 'UNRESOLVED', 'UNRESOLVED (x)', 'NRESOLVED(x)', 'unresolved(x)', '((((', 'UNRESOLVE(D(']) {
    assert.equal(holdsUnresolved(text), false, text);
  }
});
