import type { Decision } from '../evaluator/types';
import { holdsUnresolved } from '../unresolvedMarker';
import type { ExplainedStatement } from './explanation';
import { unresolvedDecidingSentence, unresolvedValueSentence } from './sentences';

/**
 * A model built from a template or Terraform holds a marker (unresolvedMarker.ts) wherever the configuration leaves a
 * value open; the marker matches nothing, so the statement that lists it does not apply here. Once deployed
 * the value is known and the statement may apply: an answer that met such a statement says so among its problems,
 * rather than a confident denial (or grant, for a Deny) that rests on a value nobody knows yet.
 */

export function unresolvedValueProblems(
  decision: Decision,
  nearMisses: readonly { readonly label: string; readonly explained: ExplainedStatement }[],
  deciding: readonly { readonly label: string; readonly explained: ExplainedStatement }[] = [],
): string[] {
  // Only a statement that would change the decision counts: an Allow for a request denied for want of one, a Deny
  // for an allowed request. Nothing turns an explicit deny around.
  const turning = decision === 'implicitDeny' ? 'Allow' : decision === 'allowed' ? 'Deny' : undefined;
  const problems: string[] = [];
  for (const { label, explained: statement } of nearMisses) {
    if (statement.effect !== turning) continue;
    for (const reason of statement.reasons) {
      if (reason.matched) continue;
      const open = (reason.policyValues ?? []).filter(holdsUnresolved);
      if (open.length === 0) continue;
      problems.push(unresolvedValueSentence(label, statement.effect, reason.key ?? reason.element, open));
      break;
    }
  }
  // A deciding statement that applied because an open value did not match a negated test (`StringNotEquals
  // aws:SourceVpce: UNRESOLVED(…)`) decided on a guess just as much.
  for (const { label, explained: statement } of deciding) {
    const reason = statement.reasons.find((r) => r.matched && (r.policyValues ?? []).some(holdsUnresolved));
    if (reason)
      problems.push(unresolvedDecidingSentence(label, statement.effect, reason.key ?? reason.element, (reason.policyValues ?? []).filter(holdsUnresolved)));
  }
  return problems;
}
