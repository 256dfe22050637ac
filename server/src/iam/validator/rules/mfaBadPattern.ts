// aws:MultiFactorAuthPresent is absent from requests signed with long-term access keys. Two patterns therefore do
// not do what they seem to (IAM user guide, aws:MultiFactorAuthPresent; parliament's BAD_PATTERN_FOR_MFA):
//  - `Bool: {"aws:MultiFactorAuthPresent": "false"}` matches only temporary credentials without MFA, never
//    access-key requests: a Deny built on it lets access keys through. Use BoolIfExists "false" (or Null "true").
//  - `BoolIfExists: {"aws:MultiFactorAuthPresent": "true"}` in an Allow also matches access-key requests, which
//    have no MFA at all.
import type { Rule } from '../rule';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';
import { effectOf } from '../documentUtils';

export const mfaBadPattern: Rule = {
  id: 'mfaBadPattern',
  defaultSeverity: 'warning',
  description: 'aws:MultiFactorAuthPresent is tested in a way that misses requests made with long-term access keys.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      const effect = effectOf(statement);
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (operator?.base.category !== 'bool' || operator.qualifier) continue;
        if (entry.keyNode.key.toLowerCase() !== 'aws:multifactorauthpresent') continue;
        const values = entry.keyNode.values.map((v) => valueText(v).toLowerCase());
        if (!operator.ifExists && values.includes('false')) {
          context.report(
            entry.keyNode.keySpan,
            `aws:MultiFactorAuthPresent is missing (not "false") in requests signed with long-term access keys, so Bool "false" never matches them${effect === 'Deny' ? ' and this Deny lets them through' : ''}. Use BoolIfExists with "false", or Null with "true".`,
          );
        } else if (operator.ifExists && effect === 'Allow' && values.includes('true')) {
          context.report(
            entry.keyNode.keySpan,
            'BoolIfExists "true" also matches requests signed with long-term access keys, which carry no MFA information, so this Allow does not require MFA for them. Use Bool "true".',
          );
        }
      }
    }
  },
};
