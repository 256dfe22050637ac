import type { OperatorFamily } from './types';

/**
 * `Bool` (rule 51): `true` / `false`, compared without regard to case (JSON booleans arrive here as the strings
 * "true"/"false"). Policy variables are allowed, following the condition-operators page (see conditionOperators.ts).
 */
export const bool: OperatorFamily = {
  compile(base, policyValue) {
    const policy = policyValue.trim().toLowerCase();
    if (policy !== 'true' && policy !== 'false') return { error: `"${policyValue}" is not true or false (${base.name})` };
    return (requestValue) => {
      const request = requestValue.trim().toLowerCase();
      if (request !== 'true' && request !== 'false') return 'typeError';
      return request === policy ? 'match' : 'noMatch';
    };
  },
  relation: () => 'equal to',
};
