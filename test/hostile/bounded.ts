// Runs the built command line as a child process with a hard time limit and a heap cap, so that a regression to
// unbounded work or memory fails the test (killed, or out of memory) instead of hanging CI. The limits are far above
// what each case needs; they catch hangs, they do not time anything.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../unit/helpers/repoRoot';

export const CLI = join(repoRoot(), 'out', 'bundle', 'cli.js');

/** The heap cap for every child: an ordinary run needs under 100 MB; the 60 KB policy that took 945 MB must fail. */
export const HEAP_MB = 256;
/** The kill timer for every child. */
export const HARD_TIMEOUT_MS = 60_000;

export interface BoundedResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the child was killed by the timer. */
  readonly killed: boolean;
  /** stdout and stderr together, for "no secret anywhere in the output" checks. */
  readonly all: string;
}

export function runBounded(args: readonly string[], options: { cwd?: string; input?: string; node?: readonly string[] } = {}): BoundedResult {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...(options.node ?? []), CLI, ...args], {
    cwd: options.cwd ?? repoRoot(),
    encoding: 'utf8',
    timeout: HARD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  return { code: result.status, stdout, stderr, killed: result.signal === 'SIGKILL', all: stdout + stderr };
}

/** A fresh folder with these files (paths relative to it); returns its path. */
export function workspace(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-hostile-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** What every hostile run must not show: a JavaScript stack trace or an internal error. */
export function assertNoCrash(result: BoundedResult, assert: { doesNotMatch(value: string, re: RegExp, message?: string): void }): void {
  assert.doesNotMatch(result.all, /\n\s+at .+\(.+:\d+:\d+\)|RangeError|internal error|heap out of memory/i, 'a stack trace or an internal error');
}
