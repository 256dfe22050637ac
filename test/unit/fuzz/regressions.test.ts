// Replays every input the fuzzers ever broke a facade with (test/cases/fuzz/*.json), so a fixed bug stays fixed.
// Case format: { "description": "…", "target": "parser" | "validator" | "model" | "evaluator" | "lsp", "input": <the
// target's input, exactly as `npm run fuzz` printed it>, "pending"?: "why it still fails" }. A pending case runs as a
// `todo` test: its failure is shown but does not fail the suite, until its owner fixes the bug and removes the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { loadCatalog } from '../../../server/src/node/catalogFiles';
import { ALL_TARGETS } from '../../fuzz/allTargets';
import type { FuzzCorpus } from '../../fuzz/targets';

interface RegressionCase {
  readonly description: string;
  readonly target: string;
  readonly input: unknown;
  readonly pending?: string;
}

const folder = join(repoRoot(), 'test/cases/fuzz');
const corpus: FuzzCorpus = { policies: [], examples: {}, catalog: loadCatalog() };

for (const name of readdirSync(folder)
  .filter((n) => n.endsWith('.json'))
  .sort()) {
  const regression = JSON.parse(readFileSync(join(folder, name), 'utf8')) as RegressionCase;
  // The timeout catches a hang again; the fuzz harness itself (`npm run fuzz`) holds inputs to its one-second budget.
  const options = regression.pending === undefined ? { timeout: 20_000 } : { todo: regression.pending, timeout: 20_000 };
  test(`fuzz regression ${name}: ${regression.description.split('.')[0]}`, options, async () => {
    const target = ALL_TARGETS.find((t) => t.name === regression.target);
    assert.ok(target, `unknown target '${regression.target}' (known: ${ALL_TARGETS.map((t) => t.name).join(', ')})`);
    await target.run(regression.input, corpus);
  });
}

test.after(async () => {
  for (const target of ALL_TARGETS) await target.dispose?.();
});
