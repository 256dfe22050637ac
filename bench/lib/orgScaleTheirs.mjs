// iam-simulate's in-process loop over the organization-scale scenarios (bench/lib/orgScaleModel.mjs), in a fresh
// process: prints {"ms": …, "agree": …, "count": …}, the loop's wall time and how many decisions match ours by
// construction. AGPL: used by the benchmark only, never bundled.
import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const scenarios = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const theirs = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
let agree = 0;
const start = performance.now();
for (const { simulation, expect } of scenarios) {
  const outcome = await runSimulation(simulation, {}).catch(() => undefined);
  const overall = outcome && 'overallResult' in outcome ? outcome.overallResult : undefined;
  if (overall !== undefined && theirs[/** @type {keyof typeof theirs} */ (overall)] === expect) agree++;
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, agree, count: scenarios.length })}\n`);
