import type { Catalog } from '../catalog/types';
import type { EvaluationModel } from '../evaluator';
import { capitalise, statementLabel } from '../explain';
import type { ActivityRequest } from './activityTypes';
import { decideRecorded } from './replay';

/** At most this many distinct calls are asked (a day of one principal's logs repeats a few hundred). */
const MAX_CALLS = 500;

/**
 * The conditions the principal's current identity policies put on the calls the logs recorded, which a policy
 * generated from the calls leaves out (it grants what was used, not where or how it was used): an Allow held to an
 * office's addresses or to MFA. One sentence per statement, for the report to say that the generated policy is wider
 * there than today's, so that its author can carry the condition over.
 */
export function conditionsLeftOut(model: EvaluationModel, catalog: Catalog, successes: readonly ActivityRequest[]): string[] {
  const asked = new Set<string>();
  const found = new Map<string, Set<string>>();
  for (const request of successes) {
    const key = `${request.action}\n${request.resource}`;
    if (asked.has(key)) continue;
    if (asked.size >= MAX_CALLS) break;
    asked.add(key);
    const result = decideRecorded(model, catalog, request);
    if (result.decision !== 'allowed') continue;
    for (const statement of result.decidingStatements) {
      if (statement.effect !== 'Allow' || statement.source.type !== 'identity' || statement.conditions.length === 0) continue;
      const label = capitalise(statementLabel(statement));
      let tests = found.get(label);
      if (tests === undefined) found.set(label, (tests = new Set()));
      for (const c of statement.conditions) tests.add(`${c.key} ${c.operator} ${c.policyValues.join(', ')}`);
    }
  }
  return [...found].map(([label, tests]) => `${label} allows these calls only when ${[...tests].join(' and ')}`);
}
