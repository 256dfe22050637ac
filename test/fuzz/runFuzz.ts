/**
 * The fuzz loop shared by the unit tests (a fixed seed, a bounded number of inputs) and `npm run fuzz` (a random
 * seed, minutes of inputs). Every input is generated from its own generator seeded by (seed, target, iteration), so
 * any single input can be regenerated from those three numbers without replaying the run that found it.
 */
import { Prng } from './prng';
import type { FuzzCorpus, FuzzTarget } from './targets';

export interface FuzzFailure {
  readonly target: string;
  readonly seed: number;
  readonly iteration: number;
  /** `crash`: an exception escaped; `invariant`: a result no caller can use; `slow`: over the time limit. */
  readonly kind: 'crash' | 'invariant' | 'slow';
  readonly error: string;
  readonly ms: number;
  readonly input: unknown;
}

export interface SlowInput {
  readonly target: string;
  readonly iteration: number;
  readonly ms: number;
  readonly size: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly inputs: Readonly<Record<string, number>>;
  readonly failures: readonly FuzzFailure[];
  /** The slowest inputs of each target, slowest first. */
  readonly slowest: readonly SlowInput[];
  readonly elapsedMs: number;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly targets: readonly FuzzTarget<unknown>[];
  readonly corpus: FuzzCorpus;
  /** Inputs per target; the loop also stops at `durationMs` when given. */
  readonly iterations: number;
  readonly durationMs?: number;
  /** An input that takes longer than this is a failure (default 1,000 ms). */
  readonly slowMs?: number;
  /** Called before each input runs (the CLI uses it as a heartbeat to catch hangs). */
  readonly onInput?: (target: string, iteration: number) => void;
}

/** The generator for one input: a pure function of the run's seed, the target's name and the iteration. */
export function inputRng(seed: number, target: string, iteration: number): Prng {
  let h = seed >>> 0;
  for (let i = 0; i < target.length; i++) h = Math.imul(h ^ target.charCodeAt(i), 0x9e3779b1) >>> 0;
  h = Math.imul(h ^ (iteration + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return new Prng((h ^ (h >>> 16)) >>> 0);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/** Two failures with the same message and first stack frame are one bug: report it once. */
function signature(target: string, error: string): string {
  const lines = error.split('\n');
  return `${target}|${lines[0]}|${lines.find((l) => l.trim().startsWith('at ')) ?? ''}`;
}

function slowCount(failures: readonly FuzzFailure[], target: string): number {
  return failures.filter((f) => f.target === target && f.kind === 'slow').length;
}

function sizeOf(input: unknown): number {
  try {
    return JSON.stringify(input)?.length ?? 0;
  } catch {
    return 0;
  }
}

/** Runs the targets in turn until each has had `iterations` inputs or the time is up. Never throws. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const slowMs = options.slowMs ?? 1000;
  const inputs: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  const seen = new Set<string>();
  const slowest = new Map<string, SlowInput[]>();
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;

  for (let iteration = 0; iteration < options.iterations && performance.now() < deadline; iteration++) {
    for (const target of options.targets) {
      const rng = inputRng(options.seed, target.name, iteration);
      let input: unknown;
      try {
        input = target.generate(rng, options.corpus);
      } catch (error) {
        failures.push({ target: target.name, seed: options.seed, iteration, kind: 'crash', error: `generator failed: ${describe(error)}`, ms: 0, input: null });
        continue;
      }
      options.onInput?.(target.name, iteration);
      const before = performance.now();
      let error: string | undefined;
      let kind: FuzzFailure['kind'] = 'crash';
      try {
        await target.run(input, options.corpus);
      } catch (thrown) {
        error = describe(thrown);
        if (thrown instanceof Error && thrown.name === 'InvariantError') kind = 'invariant';
      }
      const ms = performance.now() - before;
      inputs[target.name] = (inputs[target.name] ?? 0) + 1;
      if (error === undefined && ms > slowMs) {
        error = `took ${ms.toFixed(0)} ms (limit ${slowMs} ms)`;
        kind = 'slow';
      }
      if (error !== undefined) {
        // Slow inputs have no stack to group by: keep the first few of each target.
        const key = kind === 'slow' ? `${target.name}|slow|${Math.min(slowCount(failures, target.name), 5)}` : signature(target.name, error);
        if (!seen.has(key)) {
          seen.add(key);
          failures.push({ target: target.name, seed: options.seed, iteration, kind, error, ms, input });
        }
      }
      const list = slowest.get(target.name) ?? [];
      if (list.length < 3 || ms > (list[list.length - 1]?.ms ?? 0)) {
        list.push({ target: target.name, iteration, ms, size: sizeOf(input) });
        list.sort((a, b) => b.ms - a.ms);
        list.length = Math.min(list.length, 3);
        slowest.set(target.name, list);
      }
    }
  }
  for (const target of options.targets) await target.dispose?.();
  return {
    seed: options.seed,
    inputs,
    failures,
    slowest: [...slowest.values()].flat().sort((a, b) => b.ms - a.ms),
    elapsedMs: performance.now() - started,
  };
}

/** Regenerates the input of one iteration, to replay a failure or a hang reported by seed and iteration. */
export function regenerate<I>(target: FuzzTarget<I>, seed: number, iteration: number, corpus: FuzzCorpus): I {
  return target.generate(inputRng(seed, target.name, iteration), corpus);
}
