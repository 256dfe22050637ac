// The export scanner trusts StrictJsonText to accept exactly what JSON.parse accepts: a document it lets through
// unread is later parsed on its own, and one it refuses sends the whole export to the tree reader, which says what is
// wrong. So its verdict on every text must be JSON.parse's, within the nesting limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrictJsonText } from '../../../server/src/iam/model/strictJson';
import { scanExport } from '../../../server/src/iam/model/exportScanner';
import { MAX_NESTING_DEPTH } from '../../../server/src/iam/parser/parsePolicy';
import { Prng } from '../../fuzz/prng';
import { GAAD_EXPORT } from './gaadFixture';

/** Whether the whole text is one strict JSON value (whitespace around it allowed), by the checker. */
function accepts(text: string, maxDepth = 64): boolean {
  const json = new StrictJsonText(text, maxDepth);
  const start = json.spaceEnd(0);
  const end = json.valueEnd(start, 0);
  return end >= 0 && json.spaceEnd(end) === text.length;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test('texts JSON.parse accepts or refuses for one reason each are judged alike', () => {
  const cases = [
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x"]} ',
    '"\\u00e9\\n\\t\\/\\b\\f\\r\\\\\\""',
    '-0',
    '0.5E-2',
    '{"a":1,}',
    '[1,]',
    '[1 2]',
    '{"a" 1}',
    '{a: 1}',
    "{'a': 1}",
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '+1',
    'tru',
    'nul',
    'True',
    '"\\x41"',
    '"\\u12G4"',
    '"\\u123"',
    '"tab\there"',
    '"line\nbreak"',
    '"nul\u0000char"',
    '"\u007f is fine"',
    '"unterminated',
    '"unterminated after a space ',
    '"unterminated after an escape \\"',
    '"unterminated after !',
    '" ! # $ ~ \u007e"',
    '"\u001f unit separator"',
    '"\u0021\u0022"',
    '{"a": 1} x',
    '',
    '   ',
    '[1]\u00a0',
    '{"a":{"b":[{"c":{}}]}}',
  ];
  for (const text of cases) assert.equal(accepts(text), parses(text), JSON.stringify(text));
});

test('nesting deeper than the limit is refused, at the limit accepted', () => {
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
  assert.equal(accepts(nested(8), 8), true);
  assert.equal(accepts(nested(9), 8), false);
  // A value already inside containers has that much less room.
  const json = new StrictJsonText(nested(3), 4);
  assert.equal(json.valueEnd(0, 1), 6);
  assert.equal(json.valueEnd(0, 2), -1);
});

test('an export mutated a character at a time is judged as JSON.parse judges it', () => {
  const base = JSON.stringify(GAAD_EXPORT, null, 1);
  const alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '\u0001', '0', '-', 'e', '.', 'u', 'n', 'x', '\u00e9'];
  const prng = new Prng(1402);
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    let text = base;
    for (let edits = prng.int(1, 3); edits > 0; edits--) {
      const at = prng.int(0, text.length - 1);
      const kind = prng.int(0, 2);
      const c = alphabet[prng.int(0, alphabet.length - 1)] as string;
      text =
        kind === 0 ? text.slice(0, at) + c + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + c + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    const expected = parses(text);
    if (!expected) refused++;
    assert.equal(accepts(text), expected, `seed 1402, iteration ${i}`);
  }
  // Both verdicts were exercised.
  assert.ok(refused > 500 && refused < 2900, `${refused} refused`);
});

test('an export with a control character anywhere (inside a document too), or nested too deep, is not scanned but read as a tree', () => {
  const text = JSON.stringify(GAAD_EXPORT, null, 1);
  assert.ok(scanExport(text, MAX_NESTING_DEPTH));
  for (const [from, to] of [
    ['"sqs:SendMessage"', '"sqs:Send\u0001Message"'],
    ['"carol"', '"car\u001fol"'],
    ['"Path": "/"', '"Path":\u000b"/"'],
    // Nested past the limit, inside a document.
    ['"Version": "2012-10-17"', `"Deep": ${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}, "Version": "2012-10-17"`],
  ] as const) {
    assert.equal(scanExport(text.replace(from, to), MAX_NESTING_DEPTH), undefined, to);
  }
});
