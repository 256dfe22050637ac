import type { Decision } from '../evaluator/types';

export const DECISIONS: readonly Decision[] = ['allowed', 'explicitDeny', 'implicitDeny'];

export function isPolicyDecision(value: string): value is Decision {
  return (DECISIONS as readonly string[]).includes(value);
}
