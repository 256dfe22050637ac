// The command line reads a large export a window at a time: only a regular file of 4 MB or more, all ASCII (offsets in
// bytes are its text's offsets only then), and never the text of a file changed since it was opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileWindows } from '../../../server/src/iam/model/modelTypes';
import { FileChangedError, openFileWindows } from '../../../server/src/node/fileWindows';
import { EXPORT_WINDOWS, looksLikeExport } from '../../../server/src/iam/model';

const LARGE = 5 * 1048576;

/** Every file is worth reading a window at a time, whatever its start. */
const ANY = { headLength: 16, wanted: () => true };

function withFolder(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'iam-windows-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `size` bytes of ASCII lines, each naming its offset. */
function asciiText(size: number): string {
  let text = '';
  while (text.length < size) text += `line at ${text.length}\n`;
  return text.slice(0, size);
}

/** A large ASCII file in `dir`, its text, and the file opened a window at a time. */
function largeFile(dir: string): { file: string; text: string; windows: FileWindows } {
  const file = join(dir, 'export.json');
  const text = asciiText(LARGE);
  writeFileSync(file, text);
  const windows = openFileWindows(file, ANY);
  assert.ok(windows, 'a large ASCII file is read a window at a time');
  return { file, text, windows };
}

test('a large ASCII file is read a window at a time, any of its parts as in the file', () =>
  withFolder((dir) => {
    const { text, windows } = largeFile(dir);
    assert.equal(windows.length, text.length);
    // Long reads in order, short ones anywhere, and both again: each is the file's text at those offsets.
    for (const [start, end] of [
      [0, 98_304],
      [4_000_000, 4_000_200],
      [98_000, 196_608],
      [17, 40],
      [LARGE - 30, LARGE],
      [3_000_000, 3_100_000],
      [4_000_100, 4_000_150],
    ] as const) {
      assert.equal(windows.text(start, end), text.slice(start, end), `${start}..${end}`);
    }
  }));

test('a small file, a folder, a missing file and a file with one byte that is not ASCII are read whole', () =>
  withFolder((dir) => {
    writeFileSync(join(dir, 'small.json'), asciiText(1000));
    const accented = Buffer.from(asciiText(LARGE));
    accented.write('é', LARGE - 100, 'utf8');
    writeFileSync(join(dir, 'accented.json'), accented);
    for (const name of ['small.json', '.', 'missing.json', 'accented.json']) assert.equal(openFileWindows(join(dir, name), ANY), undefined, name);
  }));

test('a large file is read a window at a time only when its start is wanted, as the loader wants exports', () =>
  withFolder((dir) => {
    const model = join(dir, 'organization.iam-model.json');
    writeFileSync(model, `{"accounts": {}, "padding": "${'x'.repeat(LARGE)}"}`);
    const exported = join(dir, 'export.json');
    writeFileSync(exported, `{"UserDetailList": [], "padding": "${'x'.repeat(LARGE)}"}`);
    const heads: string[] = [];
    const wanted = { headLength: 20, wanted: (head: string) => (heads.push(head), looksLikeExport(head)) };
    assert.equal(openFileWindows(model, wanted), undefined, 'a model is read whole');
    assert.equal(heads[0], '{"accounts": {}, "pa');
    const windows = openFileWindows(exported, EXPORT_WINDOWS);
    assert.ok(windows, 'an export is read a window at a time');
    // The file opened last is kept (its ASCII check read it through), and asked again with another start wanted; a
    // file not wanted leaves it kept.
    assert.equal(openFileWindows(exported, { headLength: 8, wanted: (head) => head !== '{"UserDe' }), undefined);
    assert.equal(openFileWindows(model, EXPORT_WINDOWS), undefined);
    assert.equal(openFileWindows(exported, EXPORT_WINDOWS), windows, 'the same windows, kept');
  }));

test('a file changed since it was opened is said to have changed, never read as though it had not', () =>
  withFolder((dir) => {
    const { file, text, windows } = largeFile(dir);
    assert.equal(windows.text(0, 10), text.slice(0, 10));
    // Rewritten in place with the same length, as a regenerated export may be.
    writeFileSync(file, text.replace('line at 0', 'LINE AT 0'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.throws(
      () => windows.text(3_000_000, 3_000_010),
      (error: unknown) => error instanceof FileChangedError && /changed while it was read/.test(error.message),
    );
  }));
