// Class 2 of the hostile inputs: the file system as it really is. Folder walks meet symbolic-link loops; paths named
// on the command line, in a model or in a test file turn out to be a device, a FIFO or a folder; files are nested
// thousands of levels deep. Each gets exit 2 and a one-line message naming the file, never a hang or a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, CLI, runBounded, workspace } from './bounded';
import { repoRoot } from '../unit/helpers/repoRoot';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const posix = process.platform !== 'win32';

function fifoIn(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

test('a folder walk visits each real folder once, whatever symbolic-link loops it meets', { skip: !posix }, () => {
  const dir = workspace({});
  mkdirSync(join(dir, 'a', 'b'), { recursive: true });
  copyFileSync(join(repoRoot(), 'examples', 'mistakes', 'misspelt-action.policy.json'), join(dir, 'a', 'p.policy.json'));
  // Two loops back up the tree and a second name for one folder: without the real-path check, the walk grows
  // exponentially until the path length limit.
  symlinkSync('../..', join(dir, 'a', 'b', 'up'));
  symlinkSync('..', join(dir, 'a', 'b', 'parent'));
  symlinkSync('../a', join(dir, 'a', 'again'));
  const result = runBounded(['check', '--format', 'json', dir]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  const reports = JSON.parse(result.stdout) as { file: string }[];
  assert.equal(reports.length, 1, reports.map((r) => r.file).join(', '));
});

for (const [what, make] of [
  ['/dev/zero', (): string => '/dev/zero'],
  ['a FIFO', (): string => fifoIn(workspace({}), 'pipe.json')],
  ['a folder', (): string => workspace({})],
] as const) {
  test(`${what} named as a test file, a model or a session policy: exit 2 and a message naming it`, { skip: !posix }, () => {
    const path = make();
    for (const args of [
      ['test', path],
      ['simulate', '--model', path, '--principal', ALICE, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
      ['who-can', '--model', path, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
      [
        'simulate',
        '--model',
        join(repoRoot(), 'examples', 'organization.iam-model.json'),
        '--principal',
        ALICE,
        '--action',
        's3:GetObject',
        '--resource',
        'arn:aws:s3:::b/k',
        '--session-policy',
        path,
      ],
    ]) {
      const result = runBounded(args);
      assert.equal(result.killed, false, args.join(' '));
      assertNoCrash(result, assert);
      assert.equal(result.code, 2, `${args.join(' ')}\n${result.all}`);
      // `test` runs a folder's test files: one without any is said to have none.
      assert.match(result.stderr, /not a regular file|is a folder|no test file \(\*\.iam-test\.json\) in this folder/, args.join(' '));
    }
  });

  test(`${what} named by a model or a test file: exit 2 and a message at the reference`, { skip: !posix }, () => {
    const path = make();
    const dir = workspace({
      'm.iam-model.json': JSON.stringify({ accounts: { '111111111111': { policies: { P: path }, users: { alice: { policies: ['P'] } } } } }, null, 1),
      't.iam-test.json': JSON.stringify({ model: path, tests: [] }, null, 1),
    });
    const viaModel = runBounded(['who-can', '--model', join(dir, 'm.iam-model.json'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k']);
    assert.equal(viaModel.killed, false);
    assertNoCrash(viaModel, assert);
    assert.equal(viaModel.code, 2, viaModel.all);
    assert.match(viaModel.stderr, /m\.iam-model\.json:\d+:\d+ error/);
    const viaTest = runBounded(['test', join(dir, 't.iam-test.json')]);
    assert.equal(viaTest.killed, false);
    assertNoCrash(viaTest, assert);
    assert.equal(viaTest.code, 2, viaTest.all);
    assert.match(viaTest.stderr, /t\.iam-test\.json:\d+:\d+: the model .* cannot be read \(.*(not a regular file|is a folder)/);
  });
}

test('check refuses /dev/zero and a FIFO named on the command line, and still checks the other files', { skip: !posix }, () => {
  const dir = workspace({
    'ok.policy.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
  });
  const fifo = fifoIn(dir, 'pipe.json');
  const result = runBounded(['check', '/dev/zero', fifo, join(dir, 'ok.policy.json')]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /\/dev\/zero: not a regular file/);
  assert.match(result.stderr, /pipe\.json: not a regular file/);
  assert.match(result.stdout, /1 file checked/);
});

test('a test file nested thousands of levels deep gets the same clear error as a policy', () => {
  const depth = 20_000;
  const dir = workspace({ 'deep.iam-test.json': `{"model":"./m.iam-model.json","tests":[${'['.repeat(depth)}${']'.repeat(depth)}]}` });
  const result = runBounded(['test', join(dir, 'deep.iam-test.json')]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /deep\.iam-test\.json:1:\d+ error tooDeep The JSON is nested 20002 levels deep/);
});

test('a policy file a model names, nested thousands of levels deep, is reported at the policy, not a stack trace', () => {
  const depth = 20_000;
  const dir = workspace({
    'deep.policy.json': `{"Version":"2012-10-17","Statement":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    'm.iam-model.json': JSON.stringify({ accounts: { '111111111111': { policies: { P: './deep.policy.json' }, users: { alice: { policies: ['P'] } } } } }),
  });
  const result = runBounded([
    'simulate',
    '--model',
    join(dir, 'm.iam-model.json'),
    '--principal',
    ALICE,
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::b/k',
  ]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 2, result.all);
  assert.match(result.stderr, /deep\.policy\.json:1:\d+ error/);
});

test('a reader that closes the pipe early (`test … | head -1`) stops the command quietly, with 141 and no stack trace', { skip: !posix }, () => {
  // Enough tests that the output outgrows the pipe's buffer, so writes go on after the reader has gone.
  const examples = join(repoRoot(), 'examples');
  const testFile = JSON.parse(readFileSync(join(examples, 'developers.iam-test.json'), 'utf8')) as { model: string; tests: { name: string }[] };
  const first = testFile.tests[0];
  const dir = workspace({});
  const path = join(dir, 'many.iam-test.json');
  writeFileSync(
    path,
    JSON.stringify({ ...testFile, model: join(examples, testFile.model), tests: Array.from({ length: 5000 }, (_, i) => ({ ...first, name: `copy ${i}` })) }),
  );
  // As a user types it, in bash with pipefail so that the command's own status is the pipeline's.
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const run = spawnSync('bash', ['-c', `set -o pipefail; ${quote(process.execPath)} ${quote(CLI)} test ${quote(path)} | head -1 >/dev/null`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const stderr = run.stderr ?? '';
  assert.equal(run.status, 141, stderr);
  assert.doesNotMatch(stderr, /EPIPE|at .*\(node:/);
});
