// A large authorization-details export is read a window at a time (`scanExportWindows`, the command line's host
// offers it), never held as one string. Read that way it must give the same records, the same model and the same
// answers, explanations and ranges included, as read whole; and what it cannot read that way (an entry longer than
// the longest window, a file replaced by other text) is read whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { hostWithFile } from '../../../server/src/iam/model/hostWithFile';
import { scanExport, scanExportWindows } from '../../../server/src/iam/model/exportScanner';
import { EXPORT_WINDOWS } from '../../../server/src/iam/model/authorizationDetails';
import type { EntityRecord, ExportRecords } from '../../../server/src/iam/model/exportRecords';
import type { FileWindows, ModelHost } from '../../../server/src/iam/model/modelTypes';
import { LineIndex } from '../../../server/src/iam/span';
import { MAX_NESTING_DEPTH } from '../../../server/src/iam/parser/parsePolicy';
import { memoryHost } from './memoryHost';
import { largeExport } from './gaadFixture';
import { answers, listings, outline } from './modelAnswers';

/** A string read a window at a time, as the command line's host reads a file; counts the windows asked for. */
function windowsOver(text: string): FileWindows & { reads: number } {
  return {
    length: text.length,
    reads: 0,
    text(start, end) {
      this.reads++;
      return text.slice(start, end);
    },
  };
}

function windowedHost(files: Record<string, string>): ModelHost & { reads: string[]; windows: (FileWindows & { reads: number })[] } {
  const windows: (FileWindows & { reads: number })[] = [];
  const host = memoryHost(files);
  return {
    ...host,
    windows,
    openWindows(path, { headLength, wanted }) {
      const text = files[path];
      if (text === undefined || !wanted(text.slice(0, headLength))) return undefined;
      const opened = windowsOver(text);
      windows.push(opened);
      return opened;
    },
  };
}

/** A record as plain data, its parts read. */
function plain(records: ExportRecords | undefined): unknown {
  if (records === undefined) return undefined;
  const entity = (e: EntityRecord) => {
    const { parts, ...fields } = e;
    return {
      ...fields,
      inline: 'later' in parts ? parts.inline() : parts.inline,
      tags: 'later' in parts ? parts.tags() : parts.tags,
      documents: 'later' in parts ? parts.documents() : undefined,
    };
  };
  const { text, ...rest } = records;
  void text;
  return { ...rest, users: rest.users.map(entity), groups: rest.groups.map(entity), roles: rest.roles.map(entity) };
}

test('an export read in windows much shorter than its entries gives the records it gives read whole, its documents read back alike', () => {
  const text = largeExport(3);
  const whole = scanExport(text, MAX_NESTING_DEPTH);
  assert.ok(whole);
  const seen: string[] = [];
  const windows = windowsOver(text);
  // Windows shorter than most entries: entries start near a window's end, run past it, and are read again.
  const inParts = scanExportWindows(windows, MAX_NESTING_DEPTH, (window) => seen.push(window), { window: 300, margin: 120, tail: 20, longest: 1 << 20 });
  assert.deepEqual(plain(inParts), plain(whole));
  assert.ok(seen.length > 3, `${seen.length} windows`);
  // Every document's text, read back from the file, is the text's.
  for (const user of inParts?.users ?? []) {
    for (const span of 'later' in user.parts ? user.parts.documents() : []) {
      assert.equal(inParts?.text.slice(span.offset, span.offset + span.length), text.slice(span.offset, span.offset + span.length));
    }
  }
});

test('a model of an export read in windows answers as one read whole: decisions, explanations, ranges and what it lists', () => {
  const file = '/w/gaad.json';
  const text = largeExport(300);
  assert.ok(text.length > 200_000, 'several windows of 96 KB');
  const whole = loadModel(file, memoryHost({ [file]: text }));
  const host = windowedHost({ [file]: text });
  const windowed = loadModel(file, host);
  assert.deepEqual(host.reads, [], 'never read whole');
  assert.ok((host.windows[0]?.reads ?? 0) > 3);
  assert.deepEqual(windowed.diagnostics, whole.diagnostics);
  assert.deepEqual(listings(windowed.model), listings(whole.model));
  for (const principal of whole.model.principals().slice(0, 12)) assert.deepEqual(outline(windowed.model.principal(principal.arn)), outline(principal));
  const actions = ['s3:GetObject', 'sqs:SendMessage', 'ec2:RunInstances'];
  const resources = ['arn:aws:s3:::example-bucket/reports/q1.csv', 'arn:aws:sqs:us-east-1:123456789012:jobs'];
  assert.deepEqual(answers(windowed.model, actions, resources), answers(whole.model, actions, resources));
});

test('an export whose entry is longer than the longest window, or a file replaced by other text, is read whole', () => {
  const text = largeExport(2);
  // Entries of a few hundred characters, windows of at most 400: the scan gives up, and the caller reads the text.
  assert.equal(
    scanExportWindows(windowsOver(text), MAX_NESTING_DEPTH, () => undefined, { window: 100, margin: 40, tail: 10, longest: 400 }),
    undefined,
  );
  // The base version of a file, for the no-new-access diff: its text, not the file's windows.
  const file = '/w/gaad.json';
  const other = largeExport(3);
  const replaced = hostWithFile(windowedHost({ [file]: text }), file, other);
  assert.equal(replaced.openWindows?.(file, EXPORT_WINDOWS), undefined);
  assert.deepEqual(listings(loadModel(file, replaced).model), listings(loadModel(file, memoryHost({ [file]: other })).model));
});

test('lines are found in a text read in parts as in the string, a CRLF split between two parts included', () => {
  const lines = Array.from({ length: 9000 }, (_, i) => `line ${i} ${'x'.repeat(i % 17)}`);
  // The 64 KB parts end inside lines; a CRLF is placed across the first part's end.
  let text = lines.join('\n');
  const boundary = 65536;
  text = `${text.slice(0, boundary - 1)}\r\n${text.slice(boundary - 1)}`;
  const inParts = new LineIndex({ length: text.length, slice: (start, end) => text.slice(start, end) });
  const whole = new LineIndex(text);
  for (const offset of [0, 5, boundary - 2, boundary - 1, boundary, boundary + 1, 70_000, 140_000, text.length - 1, text.length]) {
    assert.deepEqual(inParts.position(offset), whole.position(offset), String(offset));
  }
  assert.equal(inParts.offset({ line: 8000, character: 3 }), whole.offset({ line: 8000, character: 3 }));
});
