// @ts-check
// Activity at scale, through the built CLI as users run it (process start included): `replay` of 100,000 CloudTrail
// records (gzip, as CloudTrail delivers them) against the examples model, and `diff` of a policy change over a
// generated 1,000-principal model.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { missing, now, root, row } from './lib/measure.mjs';
import { generateModel } from './lib/modelGenerator.mjs';
import { Prng } from './lib/prng.mjs';

const SECTION = 'activity';

/**
 * 100,000 records in files of 5,000 (a five-minute delivery of a busy account), varied from the calls of the
 * examples story: who, which object, when, with or without MFA, and an AccessDenied now and then.
 */
function writeLogs(dir, count, seed = 3) {
  const rng = new Prng(seed);
  const fixture = JSON.parse(readFileSync(join(root, 'test/activity/examples-day.json'), 'utf8')).Records;
  const logs = join(dir, 'AWSLogs');
  mkdirSync(logs, { recursive: true });
  const perFile = 5000;
  let written = 0;
  for (let f = 0; written < count; f++) {
    const records = [];
    for (let i = 0; i < perFile && written < count; i++, written++) {
      const base = fixture[rng.int(0, fixture.length - 1)];
      const record = structuredClone(base);
      record.eventTime = new Date(Date.UTC(2026, 10, 2) + written * 900).toISOString();
      record.eventID = `bench-${written}`;
      const key = record.requestParameters?.key;
      if (typeof key === 'string') {
        const newKey = `${key.split('/')[0]}/${rng.int(0, 5000)}.bin`;
        record.requestParameters.key = newKey;
        if (Array.isArray(record.resources))
          for (const r of record.resources) if (r.type === 'AWS::S3::Object') r.ARN = `arn:aws:s3:::${record.requestParameters.bucketName}/${newKey}`;
      }
      records.push(record);
    }
    writeFileSync(join(logs, `111111111111_CloudTrail_eu-west-1_bench_${String(f).padStart(3, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
  return logs;
}

/**
 * Runs the CLI `rounds` times; the median wall time, and the CPU time (user + system) the child used, which the
 * shell's `times` reports: on a shared machine the wall clock measures the neighbours too, the CPU time does not.
 */
function timeCli(args, cwd, rounds) {
  const cli = join(root, 'out/bundle/cli.js');
  const times = [];
  const cpu = [];
  let last;
  for (let r = 0; r < rounds; r++) {
    const start = now();
    last = spawnSync('bash', ['-c', '"$@" 2>/dev/null; status=$?; times >&2; exit $status', 'bash', process.execPath, cli, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    times.push(now() - start);
    cpu.push(childCpuMs(last.stderr));
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    ms: times[Math.floor(times.length / 2)],
    cpuMs: cpu[Math.floor(cpu.length / 2)],
    last: /** @type {import('node:child_process').SpawnSyncReturns<string>} */ (last),
  };
}

/** `times` prints the shell's own user/system times, then its children's: `0m1.234s 0m0.056s`. */
function childCpuMs(stderr) {
  const lines = (stderr ?? '').trim().split('\n');
  const match = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  return match ? (Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4])) * 1000 : NaN;
}

export async function run({ quick = false } = {}) {
  if (!existsSync(join(root, 'out/bundle/cli.js'))) return [missing(SECTION, 'activity', 'out/bundle/cli.js is not built')];
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-activity-'));
  try {
    const rows = [];
    const count = quick ? 20_000 : 100_000;
    const logs = writeLogs(dir, count);
    const replay = timeCli(['replay', '--model', join(root, 'examples/organization.iam-model.json'), '--format', 'json', logs], dir, quick ? 1 : 3);
    let note;
    try {
      const output = JSON.parse(replay.last.stdout);
      note = `CPU ${Math.round(replay.cpuMs)} ms; ${output.records} records in ${output.files} .json.gz files: ${output.evaluated} evaluated, ${output.regressions.length} regressions, ${output.newlyAllowed.length} newly allowed, ${output.unmapped.length} unmapped; exit ${replay.last.status}`;
    } catch {
      return [...rows, missing(SECTION, `replay ${count} records`, `CLI exit ${replay.last.status}`, { max: 5000 })];
    }
    rows.push(
      row(
        SECTION,
        `iam-policy-lab replay: ${count.toLocaleString('en')} records, examples model (wall, process included)`,
        replay.ms,
        'ms',
        { max: 5000 },
        note,
      ),
    );

    // A policy file every user of a 1,000-principal model holds, widened: a bucket more and a write action.
    const modelDir = join(dir, 'model');
    const info = generateModel({ dir: modelDir, principals: 1000, policies: 300, accounts: 2, seed: 5 });
    const model = JSON.parse(readFileSync(info.file, 'utf8'));
    const shared = (resource, actions) => ({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadSharedData', Effect: 'Allow', Action: actions, Resource: resource }],
    });
    writeFileSync(
      join(modelDir, 'policies/shared.json'),
      JSON.stringify(shared(['arn:aws:s3:::acct0-data-0', 'arn:aws:s3:::acct0-data-0/*'], ['s3:GetObject', 's3:ListBucket']), null, 2),
    );
    writeFileSync(join(modelDir, 'policies/shared-base.json'), readFileSync(join(modelDir, 'policies/shared.json')));
    for (const section of Object.values(model.accounts)) {
      section.policies.SharedData = './policies/shared.json';
      for (const user of Object.values(section.users)) user.policies = [...(user.policies ?? []), 'SharedData'];
    }
    writeFileSync(info.file, JSON.stringify(model, null, 2));
    writeFileSync(
      join(modelDir, 'policies/shared.json'),
      JSON.stringify(shared(['arn:aws:s3:::acct0-data-*'], ['s3:GetObject', 's3:ListBucket', 's3:PutObject']), null, 2),
    );
    const diff = timeCli(
      ['diff', '--model', info.file, join(modelDir, 'policies/shared.json'), '--base', join(modelDir, 'policies/shared-base.json'), '--format', 'json'],
      modelDir,
      quick ? 1 : 3,
    );
    try {
      const output = JSON.parse(diff.last.stdout);
      rows.push(
        row(
          SECTION,
          `iam-policy-lab diff: a shared policy widened, ${info.principalCount} principals (wall, process included)`,
          diff.ms,
          'ms',
          { max: 2000 },
          `CPU ${Math.round(diff.cpuMs)} ms; ${output.newAccess.length} requests become allowed, ${output.lostAccess.length} denied; ${output.checked.principals} principals × ${output.checked.actions} actions × ${output.checked.resources} resources, ${output.checked.evaluations} evaluations${output.truncated ? `; cut short: ${output.truncated}` : ''}; exit ${diff.last.status}`,
        ),
      );
    } catch {
      rows.push(missing(SECTION, 'diff 1,000 principals', `CLI exit ${diff.last.status}`, { max: 2000 }));
    }
    return { rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
