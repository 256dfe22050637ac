// Lines and columns are what the user reads in every diagnostic and explanation; the index finds line breaks only as
// far as a lookup needs, so lookups in any order, past the end and by line must all agree with a plain count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../server/src/iam/span';

function counted(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

for (const [name, text] of [
  ['LF', '{\n  "a": 1,\n\n  "b": [\n    2\n  ]\n}\n'],
  ['CRLF and lone CR', '{\r\n  "a": 1,\r\r\n  "b": 2\r}'],
  ['no line break', '{"a":1}'],
] as const) {
  test(`positions in a ${name} text are the same whichever offset is asked first`, () => {
    const offsets = [...Array(text.length + 1).keys()];
    const backwards = new LineIndex(text);
    const forwards = new LineIndex(text);
    const fromBack = [...offsets]
      .reverse()
      .map((o) => backwards.position(o))
      .reverse();
    const fromFront = offsets.map((o) => forwards.position(o));
    assert.deepEqual(fromBack, fromFront);
    // A CR of a CRLF pair is on the line it ends, as the LF is.
    assert.deepEqual(
      fromFront.filter((_, o) => text[o - 1] !== '\r' || text[o] !== '\n'),
      offsets.filter((o) => text[o - 1] !== '\r' || text[o] !== '\n').map((o) => counted(text, o)),
    );
  });
}

test('an offset asked by line and column on a fresh index finds that line', () => {
  const text = 'one\ntwo\nthree\n';
  const index = new LineIndex(text);
  assert.equal(index.offset({ line: 2, character: 1 }), text.indexOf('three') + 1);
  // A line past the end stays on the last line start (the empty line after the final break).
  assert.equal(new LineIndex(text).offset({ line: 9, character: 0 }), text.length);
});
