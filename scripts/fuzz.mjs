// @ts-check
// `npm run fuzz`: the fuzzers for minutes instead of the unit tests' fixed slice, with a random seed (printed, so a
// run can be repeated). Needs `npm run build` first (it runs the transpiled test/fuzz/ from out/js).
//
//   npm run fuzz                                   2 minutes, every target, random seed
//   npm run fuzz -- --minutes 10 --target parser,validator
//   npm run fuzz -- --iterations 5000 --seed 1234
//   npm run fuzz -- --seed 1234 --replay validator:417    regenerate and run one input, print it in full
//   npm run fuzz -- --seed 1234 --replay validator:417 --minimize   …and shrink it while it fails the same way
//   npm run fuzz -- --seed 20261123 --sample 80 --replay parser:12   an input of the unit tests' slice (their corpus
//                                                  is a seeded sample of 80 managed policies)
//
// Each input runs in a worker thread watched by this one: an input that hangs (no progress for --hang seconds) is
// reported with its seed and iteration instead of freezing the run. Every failure is written to out/fuzz/ in the
// regression-case format of test/cases/fuzz/: shrink it, describe it, and move it there so `npm test` replays it.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const js = (path) => {
  const file = join(root, 'out/js', path);
  if (!existsSync(file)) {
    console.error(`fuzz: ${path} is not built; run \`npm run build\` first`);
    process.exit(2);
  }
  return require(file);
};

/**
 * @typedef {{ seed: number | undefined, minutes: number | undefined, iterations: number | undefined, targets: string[] | undefined,
 *   replay: string | undefined, minimize: boolean, sample: number | undefined, hang: number, slowMs: number }} FuzzOptions
 */

/** @returns {FuzzOptions} */
function parseArgs(argv) {
  /** @type {FuzzOptions} */
  const options = {
    seed: undefined,
    minutes: undefined,
    iterations: undefined,
    targets: undefined,
    replay: undefined,
    minimize: false,
    sample: undefined,
    hang: 10,
    slowMs: 1000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--seed':
        options.seed = Number(value()) >>> 0;
        break;
      case '--minutes':
        options.minutes = Number(value());
        break;
      case '--iterations':
        options.iterations = Number(value());
        break;
      case '--target':
        options.targets = value().split(',').filter(Boolean);
        break;
      case '--replay':
        options.replay = value();
        break;
      case '--minimize':
        options.minimize = true;
        break;
      case '--sample':
        options.sample = Number(value());
        break;
      case '--hang':
        options.hang = Number(value());
        break;
      case '--slow-ms':
        options.slowMs = Number(value());
        break;
      default:
        console.error(
          'usage: npm run fuzz -- [--seed N] [--minutes M | --iterations N] [--target parser,validator,model,evaluator,lsp,longLists,questionPatterns,longNames,deepModels,symlinkTrees] [--replay TARGET:ITERATION [--minimize]] [--sample N] [--hang SECONDS] [--slow-ms MS]',
        );
        process.exit(2);
    }
  }
  if (options.minutes === undefined && options.iterations === undefined) options.minutes = 2;
  return options;
}

function loadTargets(names) {
  const { ALL_TARGETS } = js('test/fuzz/allTargets.js');
  const unknown = (names ?? []).filter((n) => !ALL_TARGETS.some((t) => t.name === n));
  if (unknown.length) {
    console.error(`fuzz: unknown target ${unknown.join(', ')} (known: ${ALL_TARGETS.map((t) => t.name).join(', ')})`);
    process.exit(2);
  }
  return names ? ALL_TARGETS.filter((t) => names.includes(t.name)) : ALL_TARGETS;
}

function loadCorpus(seed, sample) {
  const { loadCorpus } = js('test/fuzz/corpus.js');
  return sample === undefined ? loadCorpus(root) : loadCorpus(root, { managedSample: sample, seed });
}

function saveFailure(failure) {
  const dir = join(root, 'out/fuzz');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${failure.target}-${failure.seed}-${failure.iteration}.json`);
  const description = `${failure.kind} in ${failure.target} (seed ${failure.seed}, iteration ${failure.iteration}): ${failure.error.split('\n')[0]}`;
  writeFileSync(file, JSON.stringify({ description, target: failure.target, input: failure.input, error: failure.error }, null, 2) + '\n');
  return file;
}

async function workerMain() {
  // Only ever run as the worker mainThread() starts, so the port to the main thread is there.
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  const { seed, targets: names, iterations, durationMs, slowMs, sample } = workerData;
  const { runFuzz } = js('test/fuzz/runFuzz.js');
  const corpus = loadCorpus(seed, sample);
  port.postMessage({ type: 'ready', policies: corpus.policies.length, examples: Object.keys(corpus.examples).length });
  const report = await runFuzz({
    seed,
    targets: loadTargets(names),
    corpus,
    iterations,
    slowMs,
    ...(durationMs !== undefined ? { durationMs } : {}),
    onInput: (target, iteration) => port.postMessage({ type: 'input', target, iteration }),
  });
  port.postMessage({ type: 'report', report });
}

async function replay(options) {
  const [name, iterationText] = options.replay.split(':');
  const [target] = loadTargets([name]);
  const { regenerate } = js('test/fuzz/runFuzz.js');
  const corpus = loadCorpus(options.seed, options.sample);
  const input = regenerate(target, options.seed, Number(iterationText), corpus);
  console.log(JSON.stringify(input, null, 2));
  const started = performance.now();
  /** @type {{ kind: string, error: string, ms: number } | undefined} */
  let failure;
  try {
    await target.run(input, corpus);
    const ms = performance.now() - started;
    console.log(`\n${name} ran it without failing in ${ms.toFixed(1)} ms`);
    if (ms > options.slowMs) failure = { kind: 'slow', error: `took ${ms.toFixed(0)} ms (limit ${options.slowMs} ms)`, ms };
  } catch (error) {
    console.log(`\n${name} failed after ${(performance.now() - started).toFixed(1)} ms:\n${error?.stack ?? error}`);
    failure = { kind: 'crash', error: `${error?.name}: ${error?.message ?? error}`, ms: performance.now() - started };
    process.exitCode = 1;
  }
  try {
    if (options.minimize && failure) {
      const { minimize } = js('test/fuzz/minimize.js');
      const firstLine = failure.error.split('\n')[0];
      const stillFails = failure.kind === 'slow' ? (_error, ms) => ms > options.slowMs : (error) => error?.split('\n')[0] === firstLine;
      const small = await minimize(target, input, corpus, stillFails);
      console.log(`\nminimized (${JSON.stringify(input).length} → ${JSON.stringify(small).length} characters):\n${JSON.stringify(small, null, 2)}`);
      console.log(
        `saved ${saveFailure({ target: name, seed: options.seed, iteration: `${iterationText}-min`, kind: failure.kind, error: failure.error, input: small })}`,
      );
    }
  } finally {
    await target.dispose?.();
  }
}

function mainThread() {
  const options = parseArgs(process.argv.slice(2));
  if (options.replay) {
    if (options.seed === undefined) {
      console.error('fuzz: --replay needs the --seed of the run that found the input');
      process.exit(2);
    }
    return replay(options);
  }
  const seed = options.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
  const durationMs = options.minutes !== undefined ? options.minutes * 60_000 : undefined;
  const iterations = options.iterations ?? Number.MAX_SAFE_INTEGER;
  console.log(
    `fuzz: seed ${seed}, ${options.minutes !== undefined ? `${options.minutes} min` : `${iterations} inputs per target`}, targets ${options.targets?.join(',') ?? 'all'} (repeat with --seed ${seed})`,
  );

  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { seed, targets: options.targets, iterations, durationMs, slowMs: options.slowMs, sample: options.sample },
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  let last = { target: '(loading the corpus)', iteration: -1, at: Date.now() };
  let done = false;
  const watchdog = setInterval(() => {
    if (Date.now() - last.at < options.hang * 1000 || last.iteration < 0) return;
    clearInterval(watchdog);
    done = true;
    console.log(`\nHANG: ${last.target} made no progress for ${options.hang} s on iteration ${last.iteration}.`);
    console.log(`Reproduce: npm run fuzz -- --seed ${seed}${sampleFlag(options)} --replay ${last.target}:${last.iteration}`);
    const [target] = loadTargets([last.target]);
    const { regenerate } = js('test/fuzz/runFuzz.js');
    const input = regenerate(target, seed, last.iteration, loadCorpus(seed, options.sample));
    console.log(
      `saved ${saveFailure({ target: last.target, seed, iteration: last.iteration, kind: 'hang', error: `no result after ${options.hang} s`, input })}`,
    );
    void worker.terminate();
    process.exitCode = 1;
  }, 1000);
  worker.on('message', (message) => {
    if (message.type === 'ready') {
      console.log(`corpus: ${message.policies} policies, ${message.examples} example files`);
      last = { target: '(starting)', iteration: -1, at: Date.now() };
    } else if (message.type === 'input') {
      last = { target: message.target, iteration: message.iteration, at: Date.now() };
    } else if (message.type === 'report') {
      done = true;
      clearInterval(watchdog);
      printReport(message.report, options);
      void worker.terminate();
    }
  });
  worker.on('error', (error) => {
    clearInterval(watchdog);
    console.error(`fuzz: the worker died on ${last.target} iteration ${last.iteration}: ${error?.stack ?? error}`);
    console.error(`Reproduce: npm run fuzz -- --seed ${seed}${sampleFlag(options)} --replay ${last.target}:${last.iteration}`);
    process.exitCode = 1;
  });
  worker.on('exit', () => {
    clearInterval(watchdog);
    if (!done) process.exitCode = 1;
  });
  return undefined;
}

function sampleFlag(options) {
  return options.sample === undefined ? '' : ` --sample ${options.sample}`;
}

function printReport(report, options) {
  const total = Object.values(report.inputs).reduce((a, b) => a + b, 0);
  console.log(
    `\n${total} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s: ${Object.entries(report.inputs)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  console.log('slowest input per target (the hostile-input classes are longLists, questionPatterns, longNames, deepModels, symlinkTrees):');
  const shown = new Set();
  for (const s of report.slowest) {
    if (shown.has(s.target)) continue;
    shown.add(s.target);
    console.log(`  ${s.ms.toFixed(1).padStart(8)} ms  ${s.target} iteration ${s.iteration} (${s.size} characters)`);
  }
  if (report.failures.length === 0) {
    console.log('\nno crashes, no broken invariants, nothing slower than the limit');
    return;
  }
  console.log(`\n${report.failures.length} distinct failures:`);
  for (const failure of report.failures) {
    console.log(`\n${failure.kind.toUpperCase()} in ${failure.target}, iteration ${failure.iteration} (${failure.ms.toFixed(0)} ms)`);
    console.log(
      failure.error
        .split('\n')
        .slice(0, 8)
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    console.log(`  input: ${JSON.stringify(failure.input).slice(0, 300)}`);
    console.log(
      `  saved ${saveFailure(failure)}; replay: npm run fuzz -- --seed ${report.seed}${sampleFlag(options)} --replay ${failure.target}:${failure.iteration}`,
    );
  }
  process.exitCode = 1;
}

if (isMainThread) await mainThread();
else await workerMain();
