// The progress line is for a person at a terminal: drawn on a TTY's stderr and erased when the work ends, never
// written when stderr is a pipe or a file (CI logs, `--format json` consumers, the test suite itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from '../../../server/src/cli/progress';
import { EXAMPLE_MODEL, runCli, tempWorkspace } from './cliRun';
import { largeExport } from '../model/gaadFixture';

function fakeStream(isTTY: boolean, columns = 40): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
}

test('on a terminal the line is drawn, cut to the width, and erased at the end', () => {
  const stream = fakeStream(true);
  const progress = progressLine('who-can', stream);
  progress.update(`${'1,000 of 52,000 principals '.repeat(3)}`);
  progress.update('too soon: not redrawn');
  progress.done();
  assert.equal(stream.written.length, 2);
  assert.ok(stream.written[0]?.startsWith('\r\u001b[Kiam-policy-lab who-can: 1,000 of 52,000'));
  assert.ok((stream.written[0]?.length ?? 0) <= '\r\u001b[K'.length + 39);
  assert.equal(stream.written[1], '\r\u001b[K');
});

test('a terminal that reports no size (0 columns) gets a line as wide as 80 columns, not one cut to 20 characters', () => {
  const stream = fakeStream(true, 0);
  progressLine('simulate', stream).update('loading organization.iam-model.json…');
  assert.equal(stream.written[0], '\r\u001b[Kiam-policy-lab simulate: loading organization.iam-model.json…');
});

test('off a terminal nothing is written', () => {
  const stream = fakeStream(false);
  const progress = progressLine('test', stream);
  progress.update('loading a model…');
  progress.done();
  assert.deepEqual(stream.written, []);
});

test('a line given as a function is worded only when it is drawn', () => {
  for (const isTTY of [true, false]) {
    const stream = fakeStream(isTTY);
    const progress = progressLine('who-can', stream);
    let worded = 0;
    const line = () => `${++worded},000 of 52,000 principals`;
    progress.update(line);
    progress.update(line);
    progress.done();
    assert.equal(worded, isTTY ? 1 : 0);
    if (isTTY) assert.ok(stream.written[0]?.startsWith('\r\u001b[Kiam-policy-lab who-can: 1,000 of'));
  }
});

test('who-can, test and check of an export with stderr on a pipe print no progress', () => {
  const who = runCli(['who-can', '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'arn:aws:s3:::example-app-data/a']);
  assert.equal(who.code, 0, who.stderr);
  assert.ok(!who.stderr.includes('\r') && !who.stderr.includes('\u001b'), who.stderr);
  const tests = runCli(['test', '--format', 'json', 'developers.iam-test.json']);
  assert.ok(!tests.stderr.includes('\r') && !tests.stderr.includes('\u001b'), tests.stderr);
  const dir = tempWorkspace({ 'export.json': largeExport(300) });
  const checked = runCli(['check', 'export.json'], dir);
  assert.match(checked.stdout, /1 file checked/);
  assert.ok(!checked.stderr.includes('\r') && !checked.stderr.includes('\u001b'), checked.stderr);
});
