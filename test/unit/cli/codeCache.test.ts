// The command line starts through V8's code cache (server/src/cli/startWithCodeCache.ts). A cache that belongs to
// another bundle, or is damaged, must never change what the command does: it is ignored and the bundle compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

const OUT = join(repoRoot(), 'out');
// A policy with findings, so that the answers compared below say something.
const POLICY = join(repoRoot(), 'examples', 'mistakes', 'misspelt-action.policy.json');

/** A copy of the built command line, with its data linked in, and the given cache beside it. */
function installWith(cache: Buffer | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cache-'));
  mkdirSync(join(dir, 'out', 'bundle'), { recursive: true });
  for (const name of ['cli.js', 'cli-main.js']) copyFileSync(join(OUT, 'bundle', name), join(dir, 'out', 'bundle', name));
  for (const data of ['catalog', 'managed-policies']) symlinkSync(join(OUT, data), join(dir, 'out', data), 'dir');
  if (cache) writeFileSync(join(dir, 'out', 'bundle', 'cli-main.cache'), cache);
  return dir;
}

function check(dir: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(dir, 'out', 'bundle', 'cli.js'), 'check', '--format', 'json', POLICY], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the command line answers the same with its code cache, a foreign one, a damaged one or none', () => {
  const real = readFileSync(join(OUT, 'bundle', 'cli-main.cache'));
  assert.ok(real.length > 1024, 'the build made a code cache');
  const digest = real.subarray(0, 32);
  const variants: Record<string, Buffer | undefined> = {
    'the build’s cache': real,
    'no cache': undefined,
    'a cache made for another bundle': Buffer.concat([Buffer.from('0'.repeat(32), 'latin1'), real.subarray(32)]),
    'a damaged cache': Buffer.concat([digest, Buffer.from(real.subarray(32).map((b, i) => (i % 7 === 0 ? b ^ 0xff : b)))]),
    'a cache cut short': real.subarray(0, 100),
  };
  const answers = new Map<string, string>();
  for (const [name, cache] of Object.entries(variants)) {
    const dir = installWith(cache);
    try {
      const result = check(dir);
      assert.ok(result.code === 0 || result.code === 1, `${name}: exit ${result.code}: ${result.stderr}`);
      assert.equal(result.stderr, '', name);
      assert.match(result.stdout, /"diagnostics": \[\s*\{/, `${name}: the misspelt action is reported`);
      answers.set(name, `exit ${result.code}\n${result.stdout}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.equal(new Set(answers.values()).size, 1, [...answers].map(([k, v]) => `${k}: ${v.slice(0, 200)}`).join('\n'));
});

test('the bundles are pure ASCII, so V8 holds each as a one-byte string', () => {
  // One non-ASCII character anywhere makes the whole source a two-byte string: twice the memory, and the command
  // line's start decoded its 2 MB bundle in 7 ms instead of 1.5 (esbuild escapes non-ASCII characters in what it writes, and the bundles keep no comments).
  for (const name of ['cli-main.js', 'server.js', 'extension.js']) {
    const text = readFileSync(join(OUT, 'bundle', name), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `${name}: non-ASCII at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`);
  }
});
