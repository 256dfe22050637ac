// @ts-check
// Timing and reporting helpers shared by the benchmark sections. Everything here is plain Node, no dependency.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const require = createRequire(import.meta.url);

/** Loads a module of the one-to-one transpile (out/js), which `npm run bench` builds first. */
export function built(relativePath) {
  const file = join(root, 'out/js', relativePath.replace(/\.ts$/, '') + '.js');
  if (!existsSync(file)) throw new Error(`${relativePath} is not built (${file} missing): run \`npm run build\``);
  return require(file);
}

/** True when the source file exists, so a section can skip what has not landed yet instead of failing. */
export function hasSource(relativePath) {
  return existsSync(join(root, relativePath));
}

export function now() {
  return performance.now();
}

export function median(values) {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile of a list of numbers (p in 0..1). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

/** Runs `fn` `rounds` times after `warmup` untimed rounds; returns every round's milliseconds. */
export function timeRounds(fn, { rounds = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = now();
    fn();
    times.push(now() - start);
  }
  return times;
}

/** Async variant of `timeRounds`. */
export async function timeRoundsAsync(fn, { rounds = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = now();
    await fn();
    times.push(now() - start);
  }
  return times;
}

export function mb(bytes) {
  return bytes / (1024 * 1024);
}

/**
 * One row of the results table. `goal` is a comparison the value must pass (`{ max: 250 }`, `{ min: 20 }`);
 * rows without a goal are context for the reader.
 */
export function row(section, metric, value, unit, goal, note) {
  const ok = goal === undefined || value === null || Number.isNaN(value) ? undefined : goal.max !== undefined ? value <= goal.max : value >= goal.min;
  return { section, metric, value, unit, ...(goal ? { goal } : {}), ...(ok !== undefined ? { ok } : {}), ...(note ? { note } : {}) };
}

/** A row for a measurement that could not be made (the engine has not landed, the child process failed). */
export function missing(section, metric, reason, goal) {
  return { section, metric, value: null, unit: '', ...(goal ? { goal } : {}), note: reason };
}

export function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

export function formatGoal(goal, unit) {
  if (!goal) return '';
  return goal.max !== undefined ? `≤ ${formatValue(goal.max, unit)}` : `≥ ${formatValue(goal.min, unit)}`;
}

/**
 * What starting Node costs here before any of our code runs, for a note beside a figure that includes a process start:
 * the median of five empty processes, and whether this machine's environment names extra CA certificates, which Node
 * reads at every start.
 */
export function emptyProcess() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(now() - start);
  }
  const certificates = process.env['NODE_EXTRA_CA_CERTS'] ? ', NODE_EXTRA_CA_CERTS set: Node reads that bundle at every start' : '';
  return `an empty Node process takes ${median(times).toFixed(0)} ms here${certificates}`;
}
