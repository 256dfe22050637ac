// @ts-check
// One engine's throughput on the generated scenarios, in a fresh process: `node evaluationTiming.mjs ours|theirs
// <count> <rounds>` prints {"times": [ms…], "cpu": [ms…]} for `rounds` timed passes after an untimed warm-up.
// A fresh process per measurement keeps each engine's heap and JIT state its own (in one process, running one engine
// leaves the other measurably slower), and bench/evaluation.mjs alternates the two so that both meet the same
// moments of a shared machine.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { built } from './measure.mjs';
import { generateScenarios } from './scenarios.mjs';

const [engine, countText, roundsText] = process.argv.slice(2);
const scenarios = generateScenarios(Number(countText));
const rounds = Number(roundsText);
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

let pass;
if (engine === 'ours') {
  const { evaluate } = built('server/src/iam/evaluator/evaluate.ts');
  const { loadModel } = built('server/src/iam/model/loadModel.ts');
  const options = { catalog: built('server/src/node/catalogFiles.ts').loadCatalog(), now: new Date('2026-06-01T12:00:00Z') };
  const models = scenarios.map((s) => loadModel('/bench/scenario.iam-model.json', { readFile: () => s.modelText, resolve: (_f, r) => r }).model);
  pass = async () => {
    for (let i = 0; i < scenarios.length; i++) evaluate(models[i], scenarios[i].request, options);
  };
  // The JIT needs tens of thousands of evaluations (a couple of CPU seconds) before the figure settles.
  const warm = process.cpuUsage();
  for (let r = 0; r < 3 || cpuMs(warm) < 2000; r++) await pass();
} else {
  pass = async () => {
    for (const s of scenarios) await runSimulation(s.simulation, {}).catch(() => undefined);
  };
  await pass(); // its first full pass (1,000 calls of ~1.5 ms) is its warm-up
}

const times = [];
const cpu = [];
for (let r = 0; r < rounds; r++) {
  const start = performance.now();
  const since = process.cpuUsage();
  await pass();
  cpu.push(cpuMs(since));
  times.push(performance.now() - start);
}
process.stdout.write(`${JSON.stringify({ times, cpu })}\n`);
