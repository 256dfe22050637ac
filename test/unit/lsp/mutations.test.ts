import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { positionAt, startHarness } from './harness';
import { seededRandom } from '../../fuzz/prng';

const SEED_TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "A", "Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111111111111:root"] },
      "Action": ["s3:Get*", "s3:PutObject"], "Resource": "arn:aws:s3:::b/\${aws:username}/*",
      "Condition": { "ForAnyValue:StringLike": { "aws:TagKeys": ["a*"] }, "Bool": { "aws:SecureTransport": true } } },
    { "Effect": "Deny", "NotAction": "iam:*", "NotResource": ["*"] }
  ]
}`;

const PIECES = ['"', '{', '}', '[', ']', ',', ':', '${', '*', '\\', '\n', ' ', 'é', '\u0000', 'Action', '"s3:', 'null', '1e999'];

test('randomly broken policies: every feature answers, none fails', async () => {
  const h = await startHarness({ catalog: tinyCatalog() });
  const next = seededRandom(20261123);
  const uri = 'file:///work/mutant.json';
  try {
    await h.open(uri, SEED_TEXT, 'iam-policy');
    let text = SEED_TEXT;
    for (let round = 0; round < 250; round++) {
      const at = Math.floor(next() * (text.length + 1));
      const cut = Math.floor(next() * 6);
      const piece = next() < 0.5 ? (PIECES[Math.floor(next() * PIECES.length)] ?? '') : '';
      text = text.slice(0, at) + piece + text.slice(Math.min(text.length, at + cut));
      if (round % 50 === 49) text = SEED_TEXT;
      await h.change(uri, text);
      const offset = Math.floor(next() * (text.length + 1));
      const position = positionAt(text, offset);
      const range = { start: position, end: positionAt(text, Math.min(text.length, offset + 5)) };
      const diagnostics = await h.diagnostics(uri);
      const results = await Promise.all([
        h.completion(uri, position),
        h.hover(uri, position),
        h.codeActions(uri, range, diagnostics),
        h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
        h.client.sendRequest('textDocument/foldingRange', { textDocument: { uri } }),
        h.client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
      ]);
      assert.equal(results.length, 6);
    }
    assert.deepEqual(
      h.logs.filter((l) => /failed/.test(l)),
      [],
      'no handler failed',
    );
  } finally {
    await h.close();
  }
});
