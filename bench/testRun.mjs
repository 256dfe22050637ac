// @ts-check
// The `test` command at scale: 10,000 requests in one *.iam-test.json against a generated model of 1,000
// principals, run through the built CLI as a user would (process start included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, missing, root, now } from './lib/measure.mjs';
import { expectedTests, generateModel } from './lib/modelGenerator.mjs';

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
    const examples = failures.slice(0, 3).map((f) => `${f.name}: ${f.decision} (expected ${f.expect})`).join('; ');
    times.sort((a, b) => a - b);
    return {
      rows: [
        row(SECTION, `iam-policy-lab test: ${count} requests, ${info.principalCount} principals (wall, process included)`, times[Math.floor(times.length / 2)], 'ms', { max: 2000 },
          `${summary.passed} passed, ${summary.failed} failed${examples ? `: ${examples}` : ''}`),
      ],
      details: { failures: failures.slice(0, 20) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
