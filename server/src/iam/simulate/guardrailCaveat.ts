import type { PolicySource } from '../evaluator/types';

/**
 * Said after a fix that widens a guardrail: a permissions boundary, an SCP or an RCP is the limit a team set on purpose,
 * and allowing more there is a decision about the limit, not the grant (granting it is the identity policy's part).
 */
export function guardrailCaveat(source: PolicySource): string {
  const what = source.type === 'boundary' ? 'a permissions boundary' : source.type === 'scp' ? 'an SCP' : source.type === 'rcp' ? 'an RCP' : undefined;
  return what === undefined ? '' : ` (this widens ${what}, a guardrail: make sure the limit itself should change)`;
}
