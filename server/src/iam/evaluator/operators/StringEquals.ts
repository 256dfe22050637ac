import type { OperatorFamily } from './types';

/**
 * `StringEquals`, `StringNotEquals`, `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase` (rule 48): exact
 * comparison, case-sensitive unless `IgnoreCase`. No wildcards: `*` is an ordinary character here.
 */
export const stringEquals: OperatorFamily = {
  compile(base, policyValue) {
    if (base.ignoreCase) {
      const folded = policyValue.toLowerCase();
      return (requestValue) => (requestValue.toLowerCase() === folded ? 'match' : 'noMatch');
    }
    return (requestValue) => (requestValue === policyValue ? 'match' : 'noMatch');
  },
  relation: (base) => (base.ignoreCase ? 'equal (ignoring case) to' : 'equal to'),
};
