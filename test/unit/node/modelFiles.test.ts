// Reading a model file: whatever its bytes, the text is what UTF-8 decoding gives (ASCII files take a faster decoder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';

const CASES: readonly (readonly [string, Buffer])[] = [
  ['ASCII', Buffer.from('{"Version": "2012-10-17", "Statement": []}\n')],
  ['empty', Buffer.alloc(0)],
  ['accented and emoji', Buffer.from('{"Sid": "café ☕ 🚀", "Tags": ["ü"]}')],
  ['a byte order mark', Buffer.from('\ufeff{"a": 1}')],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xc3, 0x22, 0x7d])],
  ['Latin-1 bytes above 127', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])],
  ['a DEL and control characters', Buffer.from('{"a": "\u007f\u0001"}')],
];

test('a model file reads as its UTF-8 decoding, a byte order mark dropped, whether or not its bytes are all ASCII', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-model-files-'));
  try {
    const host = createNodeModelHost();
    for (const [name, bytes] of CASES) {
      const file = join(dir, `${name.replace(/\W/g, '-')}.json`);
      writeFileSync(file, bytes);
      const decoded = bytes.toString('utf8');
      assert.equal(host.readFile(file), decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
