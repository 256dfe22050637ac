// @ts-check
// `npm run bench`: every benchmark, each section in a fresh process, printed as one table, written to bench/results/latest.json
// and (for a full run) bench/RESULTS.md, which the README links to.
//
//   node bench/run.mjs                      all sections (about two to three minutes)
//   node bench/run.mjs --only validation,scale
//   node bench/run.mjs --quick              fewer rounds and scenarios, for a smoke test of the harness
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { formatGoal, formatValue, missing, root } from './lib/measure.mjs';

const SECTIONS = [
  { name: 'evaluation', module: './evaluation.mjs' },
  { name: 'validation', module: './validation.mjs' },
  { name: 'lsp', module: './lspSection.mjs' },
  { name: 'scale', module: './scale.mjs' },
  { name: 'test', module: './testRun.mjs' },
  { name: 'hostile', module: './hostile.mjs' },
  { name: 'activity', module: './activity.mjs' },
  { name: 'templates', module: './templates.mjs' },
];

function parseArgs(argv) {
  /** @type {{ quick: boolean, only: string[] | undefined }} */
  const options = { quick: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') options.quick = true;
    else if (argv[i] === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (argv[i].startsWith('--only=')) options.only = argv[i].slice(7).split(',').filter(Boolean);
    else {
      console.error(`usage: node bench/run.mjs [--quick] [--only ${SECTIONS.map((s) => s.name).join(',')}]`);
      process.exit(2);
    }
  }
  const unknown = (options.only ?? []).filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return options;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function table(rows) {
  const header = ['Section', 'Measurement', 'Result', 'Goal', ''];
  const lines = rows.map((r) => [
    r.section,
    r.metric,
    formatValue(r.value, r.unit),
    formatGoal(r.goal, r.unit),
    r.ok === undefined ? (r.value === null ? '–' : '') : r.ok ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

function markdown(rows, info, started, command, details) {
  const escape = (text) => String(text).replace(/\|/g, '\\|');
  const out = [
    '# Benchmark results',
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\` on ${info.cpu}, ${info.cores} cores,`,
    `${info.memoryGB} GB, Node ${info.node} (${info.platform}); load average at start ${info.loadAverage.join(', ')}.`,
    'Each figure is a median over several rounds unless it says otherwise; the machine may be shared, so compare',
    'ratios measured in the same run rather than absolute times across machines.',
    '',
    '| Section | Measurement | Result | Goal | |',
    '|---|---|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.section} | ${escape(r.metric)}${r.note ? ` <br><sub>${escape(r.note)}</sub>` : ''} | ${formatValue(r.value, r.unit)} | ${formatGoal(r.goal, r.unit)} | ${r.ok === undefined ? '' : r.ok ? '✅' : '❌'} |`,
    ),
    '',
  ];
  const disagreements = details.evaluation?.disagreements ?? [];
  if (disagreements.length > 0) {
    out.push(
      'Decisions that differ from iam-simulate. The scenarios avoid its known divergences from AWS (root user, service-linked roles, sessions, federated users); for each case below, the AWS documentation decides which engine is right:',
      '',
    );
    for (const d of disagreements.slice(0, 5)) {
      out.push(
        `- scenario ${d.index}: \`${d.request.action}\` by \`${d.request.principal}\` on \`${d.request.resource}\`: ours ${d.ours}, iam-simulate ${d.theirs}`,
      );
    }
    out.push('');
  }
  out.push('How each figure is measured: see [bench/README.md](README.md).', '');
  return out.join('\n');
}

/** One section in a fresh process (lib/sectionChild.mjs): its rows and details. */
function runSection(section, quick) {
  const dir = mkdtempSync(join(os.tmpdir(), 'iam-bench-section-'));
  try {
    const resultFile = join(dir, 'result.json');
    const child = spawnSync(
      process.execPath,
      [join(root, 'bench/lib/sectionChild.mjs'), join(root, 'bench', section.module), resultFile, ...(quick ? ['--quick'] : [])],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (child.status !== 0) throw new Error(`exit ${child.status}: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
    return JSON.parse(readFileSync(resultFile, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
const started = new Date();
const info = machine();
const rows = [];
const details = {};
console.log(`IAM Policy Lab benchmarks on ${info.cpu} (${info.cores} cores, ${info.memoryGB} GB), Node ${info.node}, load ${info.loadAverage.join(' ')}`);
for (const section of SECTIONS) {
  if (options.only && !options.only.includes(section.name)) continue;
  const begin = performance.now();
  process.stdout.write(`… ${section.name}`);
  try {
    const result = runSection(section, options.quick);
    rows.push(...result.rows);
    if (result.details) details[section.name] = result.details;
  } catch (error) {
    rows.push(
      missing(
        section.name,
        'section',
        `failed: ${String(error?.stack ?? error)
          .split('\n')
          .slice(0, 3)
          .join(' ')}`,
      ),
    );
  }
  process.stdout.write(` (${((performance.now() - begin) / 1000).toFixed(1)} s)\n`);
}

console.log('');
console.log(table(rows));
for (const r of rows) if (r.note) console.log(`  · ${r.section} / ${r.metric}: ${r.note}`);
for (const [name, detail] of Object.entries(details)) {
  if (detail.print) console.log(`\n${name}:\n${detail.print}`);
}

const command = `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const results = { date: started.toISOString(), command, machine: info, rows, details };
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
if (!options.only && !options.quick) {
  writeFileSync(join(root, 'bench/RESULTS.md'), markdown(rows, info, started, 'npm run bench', details));
  console.log('\nwrote bench/results/latest.json and bench/RESULTS.md');
} else {
  console.log('\nwrote bench/results/latest.json (bench/RESULTS.md is written only by a full run)');
}
const failed = rows.filter((r) => r.ok === false).length;
console.log(`${rows.filter((r) => r.ok === true).length} goals met, ${failed} missed, ${rows.filter((r) => r.value === null).length} not measured`);
