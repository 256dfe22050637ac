/**
 * The kinds of policy document AWS evaluates. The validator's rules and the evaluator's layers are keyed by these.
 * `auto` is only an input: `inferPolicyType` (validator) turns it into one of the concrete kinds.
 */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session' | 'endpoint';

export type PolicyTypeOption = PolicyType | 'auto';

export const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session', 'endpoint'];

export function isPolicyType(value: string): value is PolicyType {
  return (POLICY_TYPES as readonly string[]).includes(value);
}

/** Human names, used in messages ("… is not allowed in a service control policy"). */
export const POLICY_TYPE_NAMES: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  endpoint: 'VPC endpoint policy',
};

/** Exhaustiveness helper for `switch` statements over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
