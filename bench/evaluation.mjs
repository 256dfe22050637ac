// @ts-check
// Evaluation throughput against @cloud-copilot/iam-simulate (AGPL: used here, by the benchmark only, through its
// published API; nothing of it is bundled or copied), on the same generated scenarios in the same process, plus a
// decision-by-decision comparison of the two engines.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { built, median, row, missing, now, root } from './lib/measure.mjs';
import { generateScenarios } from './lib/scenarios.mjs';

const SECTION = 'evaluation';
const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
const NOW = new Date('2026-06-01T12:00:00Z');

/** A model host over one in-memory file: the scenario's model text. */
function memoryHost(text) {
  return { readFile: () => text, resolve: (_from, relative) => relative };
}

function ourDecisionSummary(result) {
  const deciding = result.decidingStatements.map((s) => `${s.source.name}#${s.statementIndex}`).join(', ');
  return `${result.decision}${result.failedLayer ? ` (no allow in ${result.failedLayer})` : ''}${deciding ? ` by ${deciding}` : ''}`;
}

export async function run({ quick = false } = {}) {
  const rows = [];
  const count = quick ? 200 : 1000;
  const scenarios = generateScenarios(count);
  let evaluate;
  let loadModel;
  let catalog;
  try {
    ({ evaluate } = built('server/src/iam/evaluator/evaluate.ts'));
    ({ loadModel } = built('server/src/iam/model/loadModel.ts'));
    catalog = built('server/src/node/catalogFiles.ts').loadCatalog();
  } catch (error) {
    return [missing(SECTION, 'our evaluator', `not measured: ${error.message.split('\n')[0]}`, { min: 20 })];
  }
  const options = { catalog, now: NOW };

  // Load every scenario's model once (what the CLI and the language server do), then time evaluations only.
  const loadDiagnostics = [];
  const models = scenarios.map((s) => {
    const { model, diagnostics } = loadModel('/bench/scenario.iam-model.json', memoryHost(s.modelText));
    for (const d of diagnostics) if (d.severity === 'error') loadDiagnostics.push(`${s.index}: ${d.message}`);
    return model;
  });
  // Only what the comparison needs is kept. Holding 1,000 full results (traces and all) across the timed rounds makes
  // V8 pretenure the evaluator's allocation sites (it sees them survive) and halves the measured throughput: an
  // artefact of this benchmark's bookkeeping, not of evaluation, so neither engine's full results are kept.
  const ours = scenarios.map((s, i) => {
    const result = evaluate(models[i], s.request, options);
    return { decision: result.decision, summary: ourDecisionSummary(result), errors: result.errors.map((e) => e.message) };
  });
  // The same, but loading (parsing and compiling) each scenario's model every time, as a one-shot `simulate` does
  // (before iam-simulate runs in this process).
  const coldStart = now();
  for (const s of scenarios) evaluate(loadModel('/bench/scenario.iam-model.json', memoryHost(s.modelText)).model, s.request, options);
  const ourColdRps = (scenarios.length * 1000) / (now() - coldStart);

  // iam-simulate's decisions, for the comparison below.
  const theirs = [];
  for (const s of scenarios) {
    // An exception from iam-simulate counts as a rejected input, like its own validation errors.
    const response = /** @type {any} */ (await runSimulation(s.simulation, {}).catch((error) => ({ resultType: 'error', errors: { message: String(error) } })));
    theirs.push({ resultType: response.resultType, overallResult: response.overallResult });
  }

  // Throughput: each engine in a fresh process of its own (lib/evaluationTiming.mjs), alternating ours and theirs
  // several times, because the shared machine's speed drifts by as much as a factor of two between moments. The
  // speed-up is the median of the ratios of neighbouring measurements; the rates are the medians of all passes.
  const pairs = quick ? 1 : 7;
  const ourTimes = [];
  const ourCpu = [];
  const theirTimes = [];
  const theirCpu = [];
  const ratios = [];
  const cpuRatios = [];
  for (let p = 0; p < pairs; p++) {
    const oursNow = timeInChild('ours', count, 3);
    const theirsNow = timeInChild('theirs', count, 1);
    ourTimes.push(...oursNow.times);
    ourCpu.push(...oursNow.cpu);
    theirTimes.push(...theirsNow.times);
    theirCpu.push(...theirsNow.cpu);
    ratios.push(median(theirsNow.times) / median(oursNow.times));
    cpuRatios.push(median(theirsNow.cpu) / median(oursNow.cpu));
  }
  const ourRps = (scenarios.length * 1000) / median(ourTimes);
  const ourCpuRps = (scenarios.length * 1000) / median(ourCpu);
  const theirRps = (scenarios.length * 1000) / median(theirTimes);
  const theirCpuRps = (scenarios.length * 1000) / median(theirCpu);

  rows.push(
    row(
      SECTION,
      `iam-simulate runSimulation (${scenarios.length} scenarios)`,
      theirRps,
      'req/s',
      undefined,
      `${Math.round(theirCpuRps).toLocaleString('en-US')} per CPU-second`,
    ),
  );
  rows.push(row(SECTION, 'ours: evaluate on a loaded model', ourRps, 'req/s', undefined, `${Math.round(ourCpuRps).toLocaleString('en-US')} per CPU-second`));
  // Wall-clock is what a user waits for (iam-simulate also waits on reading its action data files, which CPU time
  // misses); CPU time is steadier on a shared machine. The goal is judged on wall-clock; both are shown.
  rows.push(
    row(
      SECTION,
      'speed-up, loaded model (wall clock, fresh processes, alternating)',
      median(ratios),
      '×',
      { min: 20 },
      `CPU-time ratio ${median(cpuRatios).toFixed(1)}×; ${ratios.map((r) => r.toFixed(1)).join(', ')}`,
    ),
  );
  rows.push(row(SECTION, 'ours: load model + evaluate, each request', ourColdRps, 'req/s', undefined, `${(ourColdRps / theirRps).toFixed(1)}× iam-simulate`));

  // Decision comparison.
  const disagreements = [];
  let rejected = 0;
  const tally = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
  scenarios.forEach((s, i) => {
    const response = theirs[i];
    tally[ours[i].decision]++;
    if (response.resultType === 'error') {
      rejected++;
      return;
    }
    const their = DECISIONS[response.overallResult] ?? response.overallResult;
    if (their !== ours[i].decision) {
      disagreements.push({ index: s.index, request: s.request, ours: ours[i].summary, theirs: their, errors: ours[i].errors });
    }
  });
  const compared = scenarios.length - rejected;
  rows.push(
    row(
      SECTION,
      'decisions that differ from iam-simulate',
      disagreements.length,
      `of ${compared}`,
      undefined,
      `ours: ${tally.allowed} allowed, ${tally.explicitDeny} explicit deny, ${tally.implicitDeny} implicit deny${rejected ? `; iam-simulate rejected ${rejected} inputs` : ''}${loadDiagnostics.length ? `; ${loadDiagnostics.length} model errors` : ''}`,
    ),
  );

  rows.push(...evaluatorMicroBenchmark(quick));

  const examples = disagreements
    .slice(0, 5)
    .map(
      (d) =>
        `  #${d.index} ${d.request.action} by ${d.request.principal} on ${d.request.resource}\n    ours: ${d.ours}\n    iam-simulate: ${d.theirs}${d.errors.length ? `\n    our errors: ${d.errors.join('; ')}` : ''}`,
    );
  return {
    rows,
    details: {
      disagreements,
      loadDiagnostics: loadDiagnostics.slice(0, 20),
      print: disagreements.length
        ? `${disagreements.length} disagreements with iam-simulate (first ${examples.length}; regenerate with bench/lib/scenarios.mjs):\n${examples.join('\n')}`
        : 'no disagreements with iam-simulate',
    },
  };
}

/** One engine timed in a fresh process (lib/evaluationTiming.mjs). */
function timeInChild(engine, count, rounds) {
  const out = execFileSync(process.execPath, [join(root, 'bench/lib/evaluationTiming.mjs'), engine, String(count), String(rounds)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '');
}

/** The evaluator engineer's micro-benchmark (bench/evaluator.mjs: one user, eight requests), run as they wrote it. */
function evaluatorMicroBenchmark(quick) {
  const script = join(root, 'bench/evaluator.mjs');
  if (!existsSync(script)) return [];
  try {
    const out = execFileSync(process.execPath, [script, quick ? '1' : '3'], { encoding: 'utf8' });
    const perCpu = /([\d,]+) per CPU-second/.exec(out)?.[1];
    const decisions = /decisions: (.*)/.exec(out)?.[1] ?? '';
    if (!perCpu) throw new Error(`unexpected output: ${out.slice(0, 200)}`);
    return [
      row(SECTION, 'ours: bench/evaluator.mjs (one user, boundary, SCPs, bucket policy)', Number(perCpu.replace(/,/g, '')), 'req/CPU-s', undefined, decisions),
    ];
  } catch (error) {
    return [missing(SECTION, 'bench/evaluator.mjs', `failed: ${String(error.message).split('\n')[0]}`)];
  }
}
