// @ts-check
// Scale: a generated model of 5,000 principals and 2,000 policies (organization with OUs and SCPs, groups,
// boundaries, resources), loaded in a fresh process: load time, memory, one request, and "who can" over everyone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, missing, root } from './lib/measure.mjs';
import { generateModel } from './lib/modelGenerator.mjs';

const SECTION = 'scale';

export async function run({ quick = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-scale-'));
  try {
    const principals = quick ? 1000 : 5000;
    const info = generateModel({ dir, principals, policies: quick ? 400 : 2000, accounts: 5 });
    // Who can read team 3's data in the first account: its users who have no permissions boundary, and the root user.
    const bucket = 'arn:aws:s3:::acct0-data-3';
    // Plus the account's root user, whom AWS allows everything no policy denies.
    const expected = info.users.filter((u) => u.k === 0 && u.g === 3 && !u.bounded).length + 1;
    let result;
    try {
      const out = execFileSync(process.execPath, ['--expose-gc', join(root, 'bench/lib/scaleChild.cjs'), info.file, 's3:GetObject', `${bucket}/reports/q1.csv`, String(expected)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      result = JSON.parse(out.trim().split('\n').at(-1) ?? '');
    } catch (error) {
      return [missing(SECTION, 'model load', `child failed: ${String(error.stderr ?? error.message).split('\n').slice(0, 4).join(' ')}`, { max: 2000 })];
    }
    const shape = `${info.principalCount} principals, ${info.policyCount} managed policies, 5 accounts`;
    return [
      row(SECTION, `load model (${shape})`, result.loadMs, 'ms', { max: 2000 }, `${result.principals} principals loaded (plus account roots), ${result.errors} errors${result.firstError ? `: ${result.firstError}` : ''}`),
      row(SECTION, 'memory after load and who-can (RSS, fresh process)', result.rssMb, 'MB', { max: 500 }, `heap ${result.heapMb} MB, peak RSS ${result.peakRssMb} MB, empty process ${result.baselineRssMb} MB`),
      row(SECTION, 'one request, first (compiles what it touches)', result.firstMs, 'ms'),
      row(SECTION, 'one request, repeated (median)', result.repeatMedianMs, 'ms'),
      row(SECTION, `who can s3:GetObject, over all ${result.principals} principals`, result.whoMs, 'ms', { max: 1000 },
        `${result.whoAllowed} allowed (expected ${result.expectedAllowed}), ${result.whoVia}; second run ${result.whoWarmMs.toFixed(0)} ms`),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
