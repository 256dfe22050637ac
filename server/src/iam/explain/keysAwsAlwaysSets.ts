import type { ConditionTrace, EvaluationResult } from '../evaluator';

/**
 * Global condition keys AWS puts in the context of every request ("This key is always included in the request
 * context", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). A simulated
 * request without one of them is a request AWS never sees: a condition that meets it absent (a region-lock SCP's
 * `StringNotEquals aws:RequestedRegion`) decides otherwise than AWS would, so the answer says so. The time keys are
 * left out: the evaluator always sets them.
 */
const KEYS_AWS_ALWAYS_SETS = new Map(['aws:RequestedRegion', 'aws:SecureTransport', 'aws:ViaAWSService'].map((key) => [key.toLowerCase(), key]));

/** The keys AWS always sets that this decision met absent, in a condition it turned on (`decisiveConditions`). */
export function absentKeysAwsAlwaysSets(result: EvaluationResult): string[] {
  const found = new Set<string>();
  for (const c of decisiveConditions(result)) {
    const known = KEYS_AWS_ALWAYS_SETS.get(c.key.toLowerCase());
    if (known !== undefined && c.requestValues === undefined) found.add(known);
  }
  return [...found].sort();
}

/**
 * The Region the decision took from the resource's ARN (`regionFromResource`), when a condition on
 * `aws:RequestedRegion` decided with it: the answer then rests on where the request is made, which the user may not
 * have meant (a cross-Region copy is made in the destination's Region).
 */
export function regionTakenFromResource(result: EvaluationResult): string | undefined {
  // Said for a denial only: an allowed answer in the resource's own Region is the usual case, not a problem.
  if (result.regionFromResource === undefined || result.decision === 'allowed') return undefined;
  return decisiveConditions(result).some((c) => c.key.toLowerCase() === 'aws:requestedregion') ? result.regionFromResource : undefined;
}

/**
 * The conditions a decision turned on: those that made a deciding Deny apply; for a denial, those that kept an Allow
 * out; for a grant, those that kept a Deny out (an HTTPS-only bucket asked without aws:SecureTransport). An Allow kept
 * out of a grant, or a Deny kept out of a denial, decides nothing.
 */
function decisiveConditions(result: EvaluationResult): ConditionTrace[] {
  const conditions: ConditionTrace[] = [];
  for (const statement of result.decidingStatements) {
    if (statement.effect === 'Deny') for (const c of statement.conditions) if (c.matched) conditions.push(c);
  }
  const missed = result.decision === 'allowed' ? 'Deny' : 'Allow';
  for (const statement of result.nearMisses) if (statement.effect === missed) for (const c of statement.conditions) if (!c.matched) conditions.push(c);
  return conditions;
}
