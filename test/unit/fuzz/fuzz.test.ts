// A bounded, fixed-seed slice of the fuzzers (`npm run fuzz` runs the long, random-seed version; regressions.test.ts
// replays test/cases/fuzz/). A crash, a broken invariant or a slow input fails, with the seed and iteration to replay:
// `npm run fuzz -- --seed 20261123 --sample 80 --replay <target>:<iteration>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot } from '../helpers/repoRoot';
import { loadCorpus } from '../../fuzz/corpus';
import { runFuzz, type FuzzReport } from '../../fuzz/runFuzz';
import { evaluatorTarget, modelTarget, parserTarget, validatorTarget } from '../../fuzz/targets';
import { lspTarget } from '../../fuzz/lspTarget';

const SEED = 20261123;
// `npm run fuzz` holds every input to one second and reports the slowest; here the limit only catches hangs (a
// regression to quadratic work on these inputs takes minutes): `npm test` shares the machine with other work, and a
// timing that depends on the machine's load is no test of behaviour.
const SLOW_MS = 30_000;
const SAMPLE = 80;
const corpus = loadCorpus(repoRoot(), { managedSample: SAMPLE, seed: SEED });

function slowest(report: FuzzReport): string {
  const top = report.slowest[0];
  return top ? `${Object.values(report.inputs)[0]} inputs; slowest: iteration ${top.iteration}, ${top.ms.toFixed(1)} ms, ${top.size} characters` : 'no inputs';
}

function summary(report: FuzzReport): string {
  return report.failures
    .map(
      (f) =>
        `${f.target} ${f.kind} (replay: npm run fuzz -- --seed ${f.seed} --sample ${SAMPLE} --replay ${f.target}:${f.iteration}): ${f.error.split('\n').slice(0, 6).join('\n')}\ninput: ${JSON.stringify(f.input).slice(0, 400)}`,
    )
    .join('\n\n');
}

test('the parser survives mutated managed policies, random JSON and token soup', async (t) => {
  const report = await runFuzz({ seed: SEED, targets: [parserTarget], corpus, iterations: 200, slowMs: SLOW_MS });
  t.diagnostic(slowest(report));
  assert.equal(report.inputs['parser'], 200);
  assert.equal(report.failures.length, 0, summary(report));
});

test('the validator survives the same inputs under every policy type', async (t) => {
  const report = await runFuzz({ seed: SEED, targets: [validatorTarget], corpus, iterations: 150, slowMs: SLOW_MS });
  t.diagnostic(slowest(report));
  assert.equal(report.inputs['validator'], 150);
  assert.equal(report.failures.length, 0, summary(report));
});

test('the model loader survives mutated example models and generated models with dangling references', async (t) => {
  const report = await runFuzz({ seed: SEED, targets: [modelTarget], corpus, iterations: 60, slowMs: SLOW_MS });
  t.diagnostic(slowest(report));
  assert.equal(report.inputs['model'], 60);
  assert.equal(report.failures.length, 0, summary(report));
});

test('the evaluator answers every request on those models with a decision, never an exception', async (t) => {
  const report = await runFuzz({ seed: SEED, targets: [evaluatorTarget], corpus, iterations: 60, slowMs: SLOW_MS });
  t.diagnostic(slowest(report));
  assert.equal(report.inputs['evaluator'], 60);
  assert.equal(report.failures.length, 0, summary(report));
});

test('the language server answers completion, hover, code actions and edits on broken documents without a handler failing', async (t) => {
  const report = await runFuzz({ seed: SEED, targets: [lspTarget], corpus, iterations: 40, slowMs: SLOW_MS });
  t.diagnostic(slowest(report));
  assert.equal(report.inputs['lsp'], 40);
  assert.equal(report.failures.length, 0, summary(report));
});
