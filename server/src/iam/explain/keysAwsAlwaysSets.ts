import type { EvaluationResult } from '../evaluator';

/**
 * Global condition keys AWS puts in the context of every request ("This key is always included in the request
 * context", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). A simulated
 * request without one of them is a request AWS never sees: a condition that meets it absent (a region-lock SCP's
 * `StringNotEquals aws:RequestedRegion`) decides otherwise than AWS would, so the answer says so. The time keys are
 * left out: the evaluator always sets them.
 */
const KEYS_AWS_ALWAYS_SETS = new Map(['aws:RequestedRegion', 'aws:SecureTransport', 'aws:ViaAWSService'].map((key) => [key.toLowerCase(), key]));

/** The keys AWS always sets that this decision met absent: in a Deny that decided, or a condition that kept an Allow out. */
export function absentKeysAwsAlwaysSets(result: EvaluationResult): string[] {
  const found = new Set<string>();
  const note = (key: string, requestValues: readonly string[] | undefined) => {
    const known = KEYS_AWS_ALWAYS_SETS.get(key.toLowerCase());
    if (known !== undefined && requestValues === undefined) found.add(known);
  };
  for (const statement of result.decidingStatements) {
    if (statement.effect === 'Deny') for (const c of statement.conditions) if (c.matched) note(c.key, c.requestValues);
  }
  for (const statement of result.nearMisses) for (const c of statement.conditions) if (!c.matched) note(c.key, c.requestValues);
  return [...found].sort();
}
