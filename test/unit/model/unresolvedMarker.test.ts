// Whether a text holds a value its template left open decides whether answers look for one: found wherever it is,
// and only when the whole marker is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileHoldsUnresolved, holdsUnresolved, unresolvedMarker } from '../../../server/src/iam/unresolvedMarker';

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

test("a file's text holds the marker also where an export URL-encodes it, and only the whole of it", () => {
  for (const text of ['UNRESOLVED(x)', '%22UNRESOLVED%28Fn%3A%3AImportValue%29%22', 'a%28b UNRESOLVED%28']) assert.equal(fileHoldsUnresolved(text), true, text);
  for (const text of ['', '%28', 'UNRESOLVED%2', 'UNRESOLVED %28', 'NRESOLVED%28x']) assert.equal(fileHoldsUnresolved(text), false, text);
});
