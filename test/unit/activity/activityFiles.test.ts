// Reading logs from disk: folders walked for log files only, gzip by its magic bytes, bounded decompression, binary
// and non-UTF-8 files refused with the reason; and records that are nested absurdly deep still map or fail cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readActivity } from '../../../server/src/iam/activity';
import { collectInputFiles } from '../../../server/src/cli/inputFiles';
import { collectLogFiles, readLogFile } from '../../../server/src/node/activityFiles';
import { walkPaths } from '../../../server/src/node/folderWalk';
import { realCatalog } from '../helpers/realCatalog';
import { record } from './activityFixtures';

test("a folder: log files in sorted order (a folder's files before its subfolders), other files and dot-folders left alone; a missing path is an error line", () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-logs-'));
  mkdirSync(join(dir, 'b', '.hidden'), { recursive: true });
  for (const name of ['b/2.json.gz', 'a.json', 'b/1.jsonl', 'notes.txt', 'b/.hidden/x.json', 'c.ndjson']) writeFileSync(join(dir, name), '{}');
  const found = collectLogFiles([dir, join(dir, 'missing')]);
  assert.deepEqual(
    found.files.map((f) => f.slice(dir.length + 1)),
    ['a.json', 'c.ndjson', 'b/1.jsonl', 'b/2.json.gz'],
  );
  assert.deepEqual(found.errors, [`${join(dir, 'missing')}: no such file or folder`]);
});

test('gzip is recognised by its bytes; decompression stops at the limit; binary and non-UTF-8 files are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-logs-'));
  writeFileSync(join(dir, 'named-plain.json'), gzipSync('{"Records": []}'));
  assert.deepEqual(readLogFile(join(dir, 'named-plain.json')), { ok: true, text: '{"Records": []}' });
  writeFileSync(join(dir, 'bomb.json.gz'), gzipSync(Buffer.alloc(1_000_000, 32)));
  assert.deepEqual(readLogFile(join(dir, 'bomb.json.gz'), 100_000), { ok: false, error: 'decompresses to more than 100000 bytes' });
  writeFileSync(join(dir, 'binary.json'), Buffer.from([123, 0, 125]));
  assert.match((readLogFile(join(dir, 'binary.json')) as { error: string }).error, /binary file \(NUL byte at offset 1\)/);
  writeFileSync(join(dir, 'latin1.json'), Buffer.from([123, 0xe9, 125]));
  assert.deepEqual(readLogFile(join(dir, 'latin1.json')), { ok: false, error: 'not valid UTF-8' });
  assert.deepEqual(readLogFile(dir), { ok: false, error: 'it is a folder, not a file' });
});

test('a record nested 200,000 levels deep, or with parameters of the wrong types, is mapped or listed, never thrown', () => {
  const deep = `${'{"a":'.repeat(200_000)}"x"${'}'.repeat(200_000)}`;
  const odd = [
    record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 42, key: ['k'] } }),
    record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: 'bucketName=b', resources: 'arn:aws:s3:::b/k' }),
    record({ eventSource: 7, eventName: null }),
  ].map((r) => JSON.stringify(r));
  const first = JSON.stringify(
    record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 'b', key: 'k', extra: 0 } }),
  ).replace('"extra":0', `"extra":${deep}`);
  const read = readActivity(realCatalog(), 'odd.json', `{"Records": [${[first, ...odd].join(',')}]}`);
  assert.equal(read.fileError, undefined);
  assert.equal(read.requests[0]?.resource, 'arn:aws:s3:::b/k');
  assert.equal(read.requests.length + read.unmapped.length, 4);
  assert.ok(read.unmapped.every((u) => u.origin.file === 'odd.json' && u.reason.length > 0));
  assert.deepEqual(
    read.unmapped.map((u) => u.origin.index),
    [1, 2, 3],
  );
});

test('an object call that names its bucket but no key is listed as unmapped, not taken as a call on "*"', () => {
  const read = readActivity(
    realCatalog(),
    'x.json',
    JSON.stringify({ Records: [record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 'b' } })] }),
  );
  assert.equal(read.requests.length, 0);
  assert.match(read.unmapped[0]?.reason ?? '', /^no resource ARN: .*s3:GetObject/);
});

test('logs and policies are found by one walker: a link loop is walked once, and a folder with too many files stops at the bound with a line saying so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-walk-'));
  mkdirSync(join(dir, 'logs'));
  for (const name of ['logs/1.json', 'logs/2.json.gz', 'logs/3.json', 'policy.yaml']) writeFileSync(join(dir, name), '{}');
  symlinkSync(dir, join(dir, 'logs', 'up'));
  const logs = collectLogFiles([dir]);
  assert.deepEqual(
    logs.files.map((f) => f.slice(dir.length + 1)),
    ['logs/1.json', 'logs/2.json.gz', 'logs/3.json'],
  );
  assert.deepEqual(logs.errors, []);
  const policies = collectInputFiles([dir]);
  assert.deepEqual(
    policies.files.map((f) => f.path.slice(dir.length + 1)),
    ['policy.yaml', 'logs/1.json', 'logs/3.json'],
  );
  const bounded = walkPaths([dir], { accept: (name) => name.endsWith('.json'), maxFiles: 1 });
  assert.deepEqual(
    bounded.files.map((f) => f.path.slice(dir.length + 1)),
    ['logs/1.json'],
  );
  assert.deepEqual(bounded.errors, [{ path: dir, reason: 'more than 1 files; the rest were not read' }]);
});
