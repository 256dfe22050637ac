// In a fresh process, the model side of issue 14 measured in-process, with the loader as it is (lazy) and as it was
// (every file read in full, every document parsed at load, who-can evaluating everyone), for a before/after in one run.
//   node orgScaleChild.cjs load <model>                        JSON.parse vs loading, each in this process
//   node orgScaleChild.cjs export <file> <principal> <action> <resource> lazy|eager
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const js = (p) => require(join(root, 'out/js', p));
const { loadModel } = js('server/src/iam/model/loadModel.js');
const { createNodeModelHost } = js('server/src/node/modelFiles.js');
const { loadManagedPolicyStore } = js('server/src/node/managedPolicyFiles.js');
const { loadCatalog } = js('server/src/node/catalogFiles.js');
const { evaluate } = js('server/src/iam/evaluator/evaluate.js');
const { whoCan } = js('server/src/iam/simulate/whoCan.js');

const [mode, file, ...rest] = process.argv.slice(2);
const host = createNodeModelHost(loadManagedPolicyStore());
const time = (fn) => {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
};

if (mode === 'load') {
  const text = readFileSync(file, 'utf8');
  const parse = time(() => JSON.parse(text));
  const lazy = time(() => loadModel(file, host));
  const eager = time(() => loadModel(file, host, { eager: true }));
  const errors = lazy.value.diagnostics.filter((d) => d.severity === 'error').length;
  process.stdout.write(
    `${JSON.stringify({ parseMs: parse.ms, lazyMs: lazy.ms, eagerMs: eager.ms, errors, principals: lazy.value.model.principals().length })}\n`,
  );
} else {
  const [principal, action, resource, how] = rest;
  const eager = how === 'eager';
  const catalog = loadCatalog();
  const context = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' };
  const load = time(() => loadModel(file, host, { eager }));
  const model = load.value.model;
  const first = time(() => evaluate(model, { principal, action, resource, context }, { catalog }));
  const who = time(() => whoCan(model, { action, resource, context }, { catalog, useIndex: !eager }));
  process.stdout.write(
    `${JSON.stringify({
      loadMs: load.ms,
      firstMs: first.ms,
      firstDecision: first.value.decision,
      whoMs: who.ms,
      allowed: who.value.allowed.length,
      principals: model.principals().length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}
