// @ts-check
// Runs in a fresh process (so its memory is the model's): loads a generated model, evaluates one request, and runs
// "who can" over every principal. Prints one JSON line. Usage: node --expose-gc scaleChild.cjs <model> <action> <resource>
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const js = (p) => require(join(root, 'out/js', p));
const [file, action, resource, expectedAllowed] = process.argv.slice(2);

function gc() {
  if (global.gc) global.gc();
}

function mb(bytes) {
  return Math.round((bytes / 1048576) * 10) / 10;
}

gc();
const baseline = process.memoryUsage();
const started = performance.now();
const { loadModel } = js('server/src/iam/model/loadModel.js');
const { createNodeModelHost } = js('server/src/node/modelFiles.js');
const { loadManagedPolicyStore } = js('server/src/node/managedPolicyFiles.js');
const { loadCatalog } = js('server/src/node/catalogFiles.js');
const { evaluate } = js('server/src/iam/evaluator/evaluate.js');
const modulesMs = performance.now() - started;

const loadStart = performance.now();
const { model, diagnostics } = loadModel(file, createNodeModelHost(loadManagedPolicyStore()));
const loadMs = performance.now() - loadStart;
const principals = model.principals();
const errors = diagnostics.filter((d) => d.severity === 'error');

const catalog = loadCatalog();
const options = { catalog };
const someone = principals.find((p) => p.kind === 'user') ?? principals[0];
const request = { principal: someone.arn, action, resource, context: { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' } };
const firstStart = performance.now();
const first = evaluate(model, request, options);
const firstMs = performance.now() - firstStart;
const repeats = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  evaluate(model, request, options);
  repeats.push(performance.now() - t);
}
repeats.sort((a, b) => a - b);

// Who can: the core's function when it exists, otherwise the same loop the CLI command runs.
const whoCanModule = ['server/src/iam/simulate/whoCan.js', 'server/src/iam/evaluator/whoCan.js', 'server/src/iam/whoCan/whoCan.js', 'server/src/iam/whoCan.js']
  .map((p) => join(root, 'out/js', p))
  .find((p) => existsSync(p));
const whoCanRequest = { action, resource, context: { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' } };
function whoCan() {
  if (whoCanModule) {
    const mod = require(whoCanModule);
    const result = mod.whoCan(model, whoCanRequest, options);
    return { allowed: (result.allowed ?? []).length, via: 'core whoCan' };
  }
  let allowed = 0;
  for (const p of principals) if (evaluate(model, { ...whoCanRequest, principal: p.arn }, options).decision === 'allowed') allowed++;
  return { allowed, via: 'evaluate loop' };
}
const whoStart = performance.now();
const who = whoCan();
const whoMs = performance.now() - whoStart;
const whoStart2 = performance.now();
whoCan();
const whoWarmMs = performance.now() - whoStart2;
const peak = process.memoryUsage();
gc();
const after = process.memoryUsage();

process.stdout.write(
  JSON.stringify({
    modulesMs,
    loadMs,
    principals: principals.length,
    diagnostics: diagnostics.length,
    errors: errors.length,
    firstError: errors[0] ? `${errors[0].file}: ${errors[0].message}` : undefined,
    firstMs,
    repeatMedianMs: repeats[Math.floor(repeats.length / 2)],
    firstDecision: first.decision,
    whoMs,
    whoWarmMs,
    whoAllowed: who.allowed,
    whoVia: who.via,
    expectedAllowed: expectedAllowed === undefined ? undefined : Number(expectedAllowed),
    rssMb: mb(after.rss),
    heapMb: mb(after.heapUsed),
    peakRssMb: mb(peak.rss),
    baselineRssMb: mb(baseline.rss),
  }) + '\n',
);
