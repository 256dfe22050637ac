// @ts-check
// The `test` command at scale: 10,000 requests in one *.iam-test.json against a generated model of 1,000
// principals, run through the built CLI as a user would (process start included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyProcess, row, missing, root, now } from './lib/measure.mjs';
import { expectedTests, generateModel } from './lib/modelGenerator.mjs';
import { generateOrgScaleModel } from './lib/orgScaleModel.mjs';

const SECTION = 'test';

export async function run({ quick = false } = {}) {
  const cli = join(root, 'out/bundle/cli.js');
  if (!existsSync(cli)) return [missing(SECTION, 'test run', 'out/bundle/cli.js is not built', { max: 2000 })];
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-test-'));
  try {
    const count = quick ? 2000 : 10000;
    const info = generateModel({ dir, principals: 1000, policies: 300, accounts: 2, seed: 5 });
    const testFile = join(dir, 'bench.iam-test.json');
    writeFileSync(testFile, JSON.stringify({ model: './bench.iam-model.json', tests: expectedTests(info, count) }, null, 1));
    const times = [];
    let last;
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      const start = now();
      last = spawnSync(process.execPath, [cli, 'test', '--format', 'json', testFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      times.push(now() - start);
    }
    // rounds ≥ 1, so the loop above ran.
    last = /** @type {import('node:child_process').SpawnSyncReturns<string>} */ (last);
    let summary;
    try {
      summary = JSON.parse(last.stdout);
    } catch {
      const why = (last.stderr || last.stdout || '').split('\n').slice(0, 3).join(' ');
      return [missing(SECTION, `test run (${count} requests)`, `CLI exit ${last.status}: ${why.slice(0, 300)}`, { max: 2000 })];
    }
    const failures = (summary.results ?? []).filter((r) => !r.pass);
    const examples = failures
      .slice(0, 3)
      .map((f) => `${f.name}: ${f.decision} (expected ${f.expect})`)
      .join('; ');
    times.sort((a, b) => a - b);
    return {
      rows: [
        row(
          SECTION,
          `iam-policy-lab test: ${count} requests, ${info.principalCount} principals (wall, process included)`,
          times[Math.floor(times.length / 2)],
          'ms',
          { max: 2000 },
          `${summary.passed} passed, ${summary.failed} failed${examples ? `: ${examples}` : ''}`,
        ),
        ...organizationRows(cli, dir, quick),
      ],
      details: { failures: failures.slice(0, 20) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An organization: 10,000 principals with one to three inline policies each, about 9,000 resources with
 * policies and 3,900 OUs with their own SCPs, one request per principal. `test` over all of them as a whole process,
 * against iam-simulate's in-process loop over the same scenarios; one request as a whole process; loading against
 * JSON.parse of the same text, with the loader as it was (every document parsed at load) beside it; `check` of it.
 */
function organizationRows(cli, dir, quick) {
  const label = 'organization model';
  const info = generateOrgScaleModel({ dir, principals: quick ? 2000 : 10000 });
  const shape = `${info.principals.toLocaleString('en-US')} principals, ${info.resources.toLocaleString('en-US')} resource policies, ${info.ous.toLocaleString('en-US')} OUs, ${(info.bytes / 1048576).toFixed(1)} MB`;
  const rows = [];
  // Ours and theirs in turns, three of each: the run of median time of each is compared.
  const oursRuns = [];
  const theirsRuns = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    oursRuns.push(wholeProcess([cli, 'test', '--format', 'json', info.testFile]));
    theirsRuns.push(child([join(root, 'bench/lib/orgScaleTheirs.mjs'), info.simulationsFile]));
  }
  const ours = medianRun(oursRuns);
  const theirs = theirsRuns.every(Boolean) ? medianRun(theirsRuns) : undefined;
  let summary;
  try {
    summary = JSON.parse(ours.stdout);
  } catch {
    return [missing(SECTION, `${label}: test`, `CLI exit ${ours.status}: ${ours.stderr.slice(0, 300)}`)];
  }
  rows.push(
    row(
      SECTION,
      `${label}: iam-policy-lab test, every request (${shape}; wall, process included)`,
      ours.ms,
      'ms',
      undefined,
      `${summary.passed} passed, ${summary.failed} failed; ${runTimes(ours)}`,
    ),
  );
  if (theirs) {
    rows.push(
      row(
        SECTION,
        `${label}: iam-simulate in-process loop, same ${theirs.count.toLocaleString('en-US')} scenarios`,
        theirs.ms,
        'ms',
        undefined,
        `${theirs.agree} agree with the expected decisions; ${runTimes(theirs)}`,
      ),
    );
    rows.push(row(SECTION, `${label}: speed-up, our whole process vs iam-simulate's loop`, theirs.ms / ours.ms, '×', { min: 5 }));
  } else rows.push(missing(SECTION, `${label}: iam-simulate in-process loop`, 'child failed'));
  rows.push(row(SECTION, `${label}: peak RSS of the test run`, ours.peakRssMb, 'MB', { max: 300 }, `the highest of the ${oursRuns.length} runs`));
  const first = info.first;
  const context = Object.entries(first.context).flatMap(([key, value]) => ['--context', `${key}=${value}`]);
  const [one] = medianProcesses(
    [
      [
        cli,
        'simulate',
        '--format',
        'json',
        '--model',
        info.modelFile,
        '--principal',
        first.principal,
        '--action',
        first.action,
        '--resource',
        first.resource,
        ...context,
      ],
    ],
    quick ? 1 : 5,
  );
  rows.push(
    row(
      SECTION,
      `${label}: one request (simulate), whole process`,
      one.ms,
      'ms',
      { max: 500 },
      `exit ${one.status}, peak RSS ${one.peakRssMb?.toFixed(0)} MB, ${runTimes(one)}; ${emptyProcess()}`,
    ),
  );
  const load = child([join(root, 'bench/lib/orgScaleChild.cjs'), 'load', info.modelFile]);
  if (load) {
    rows.push(
      row(
        SECTION,
        `${label}: load ÷ JSON.parse of the same text`,
        load.lazyMs / load.parseMs,
        '×',
        { max: 4 },
        `load ${load.lazyMs.toFixed(0)} ms, JSON.parse ${load.parseMs.toFixed(0)} ms; every document parsed at load (before): ${load.eagerMs.toFixed(0)} ms (${(load.eagerMs / load.parseMs).toFixed(1)}×)`,
      ),
    );
  } else rows.push(missing(SECTION, `${label}: load ÷ JSON.parse`, 'child failed'));
  // Every policy written in the model validated, as CI runs `check` on it: its time and memory grow with the model.
  const [check] = medianProcesses([[cli, 'check', info.modelFile]], 1);
  const checked = /^\d+ files? checked: .*$/m.exec(check.stdout)?.[0];
  // Exit 0 or 1 (error findings) is a check that ran; anything else is no figure.
  if (checked === undefined || (check.status !== 0 && check.status !== 1)) {
    rows.push(missing(SECTION, `${label}: check of the model`, `exit ${check.status}: ${check.stderr.slice(0, 200)}`));
  } else {
    rows.push(row(SECTION, `${label}: check of the model, every policy in it validated (whole process)`, check.ms, 'ms', undefined, checked));
    rows.push(row(SECTION, `${label}: peak RSS of check`, check.peakRssMb, 'MB', undefined, `the model is ${(info.bytes / 1048576).toFixed(1)} MB`));
  }
  return rows;
}

/**
 * Runs each command `runs` times, in turns (so that a noisy stretch of the shared machine falls on all of them), and
 * keeps for each the run of median wall time, with every time (`times`) and the highest peak RSS of its runs.
 */
export function medianProcesses(commands, runs) {
  const all = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => all[c].push(wholeProcess(args)));
  return all.map(medianRun);
}

/** Of runs of one measurement (each with `ms`), the run of median time, with every time and the highest peak RSS. */
function medianRun(results) {
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  const peaks = results.map((r) => r.peakRssMb).filter((p) => p !== undefined);
  return { ...middle, times: results.map((r) => r.ms), peakRssMb: peaks.length > 0 ? Math.max(...peaks) : undefined };
}

/** The times of a `medianRun` result, for a row's note. */
export function runTimes(result) {
  return `median of ${result.times.length}: ${result.times.map((ms) => ms.toFixed(0)).join(', ')} ms`;
}

/** Runs `node args…` and measures its wall time and peak RSS (lib/peakRss.cjs reports it on stderr). */
export function wholeProcess(args) {
  const start = now();
  const result = spawnSync(process.execPath, ['-r', join(root, 'bench/lib/peakRss.cjs'), ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = now() - start;
  const peak = /peak-rss-kb (\d+)/.exec(result.stderr ?? '');
  return {
    ms,
    status: result.status,
    stdout: result.stdout,
    stderr: (result.stderr ?? '').replace(/\n?peak-rss-kb \d+\n?/, ''),
    peakRssMb: peak ? Number(peak[1]) / 1024 : undefined,
  };
}

/** Runs a measuring child script and returns the JSON line it prints, or undefined when it fails. */
export function child(args) {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return undefined;
  }
}
