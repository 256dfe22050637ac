// @ts-check
// Scale: a generated model of 5,000 principals and 2,000 policies (organization with OUs and SCPs, groups,
// boundaries, resources), loaded in a fresh process: load time, memory, one request, and "who can" over everyone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, missing, root } from './lib/measure.mjs';
import { generateModel } from './lib/modelGenerator.mjs';
import { generateExport } from './lib/orgScaleModel.mjs';
import { child, medianProcesses, runTimes } from './testRun.mjs';

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
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', join(root, 'bench/lib/scaleChild.cjs'), info.file, 's3:GetObject', `${bucket}/reports/q1.csv`, String(expected)],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      result = JSON.parse(out.trim().split('\n').at(-1) ?? '');
    } catch (error) {
      return [
        missing(
          SECTION,
          'model load',
          `child failed: ${String(error.stderr ?? error.message)
            .split('\n')
            .slice(0, 4)
            .join(' ')}`,
          { max: 2000 },
        ),
      ];
    }
    const shape = `${info.principalCount} principals, ${info.policyCount} managed policies, 5 accounts`;
    return [
      row(
        SECTION,
        `load model (${shape})`,
        result.loadMs,
        'ms',
        { max: 2000 },
        `${result.principals} principals loaded (plus account roots), ${result.errors} errors${result.firstError ? `: ${result.firstError}` : ''}`,
      ),
      row(
        SECTION,
        'memory after load and who-can (RSS, fresh process)',
        result.rssMb,
        'MB',
        { max: 500 },
        `heap ${result.heapMb} MB, peak RSS ${result.peakRssMb} MB, empty process ${result.baselineRssMb} MB`,
      ),
      row(SECTION, 'one request, first (compiles what it touches)', result.firstMs, 'ms'),
      row(SECTION, 'one request, repeated (median)', result.repeatMedianMs, 'ms'),
      row(
        SECTION,
        `who can s3:GetObject, over all ${result.principals} principals`,
        result.whoMs,
        'ms',
        { max: 1000 },
        `${result.whoAllowed} allowed (expected ${result.expectedAllowed}), ${result.whoVia}; second run ${result.whoWarmMs.toFixed(0)} ms`,
      ),
      ...exportRows(dir, quick),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 14's authorization-details export (about 50 MB, 52,000 principals): the first simulation and who-can over
 * every principal, each as a whole `iam-policy-lab` process, and in-process with the loader and who-can as they are
 * and as they were (every document parsed at load, every principal evaluated) for a before/after in one run.
 */
function exportRows(dir, quick) {
  const label = 'export';
  const info = generateExport({ dir, principals: quick ? 10000 : 52000 });
  const shape = `${(info.bytes / 1048576).toFixed(0)} MB, ${info.principals.toLocaleString('en-US')} principals`;
  const cli = join(root, 'out/bundle/cli.js');
  const request = ['--action', 's3:GetObject', '--resource', `${info.bucket}/reports/q1.csv`, '--context', 'aws:SecureTransport=true'];
  const [first, who] = medianProcesses(
    [
      [cli, 'simulate', '--format', 'json', '--model', info.file, '--principal', info.someone, ...request],
      [cli, 'who-can', '--format', 'json', '--model', info.file, ...request],
    ],
    quick ? 1 : 3,
  );
  let allowed = '?';
  try {
    allowed = JSON.parse(who.stdout).allowed.length;
  } catch {
    // Reported through the row's note below.
  }
  const inProcess = (how) =>
    child([join(root, 'bench/lib/orgScaleChild.cjs'), 'export', info.file, info.someone, 's3:GetObject', `${info.bucket}/reports/q1.csv`, how]);
  const after = inProcess('lazy');
  const before = inProcess('eager');
  const compare =
    after && before
      ? `; in-process load + first + who-can now ${after.loadMs.toFixed(0)} + ${after.firstMs.toFixed(0)} + ${after.whoMs.toFixed(0)} ms, ${after.peakRssMb.toFixed(0)} MB; before (every document parsed at load, everyone evaluated) ${before.loadMs.toFixed(0)} + ${before.firstMs.toFixed(0)} + ${before.whoMs.toFixed(0)} ms, ${before.peakRssMb.toFixed(0)} MB`
      : '';
  return [
    row(SECTION, `${label} (${shape}): first simulation, whole process`, first.ms, 'ms', { max: 1000 }, `exit ${first.status}, ${runTimes(first)}`),
    row(
      SECTION,
      `${label}: who-can over every principal, whole process`,
      who.ms,
      'ms',
      { max: 1000 },
      `exit ${who.status}, ${allowed} allowed, ${runTimes(who)}${compare}`,
    ),
    row(SECTION, `${label}: peak RSS of who-can`, who.peakRssMb, 'MB', { max: 500 }, `first simulation ${first.peakRssMb?.toFixed(0)} MB`),
  ];
}
