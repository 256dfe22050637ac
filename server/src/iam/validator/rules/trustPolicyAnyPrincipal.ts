// `"Principal": {"AWS": "*"}` in a role trust policy lets every AWS principal, in any account, assume the role. IAM
// accepts it, and the Principal element page asks that a Condition then limit who can (by organization, account,
// source IP…): without one the role is open to everyone.
import { effectOf } from '../documentUtils';
import type { Rule } from '../rule';

export const trustPolicyAnyPrincipal: Rule = {
  id: 'trustPolicyAnyPrincipal',
  defaultSeverity: 'warning',
  description: 'A role trust policy lets "AWS": "*" (every AWS principal) assume the role, with no Condition to limit who.',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (effectOf(statement) !== 'Allow' || statement.condition !== undefined) continue;
      for (const entry of statement.principal?.entries ?? []) {
        if (entry.type !== 'AWS') continue;
        for (const value of entry.values) {
          if (value.value !== '*') continue;
          context.report(
            value.span,
            'Every AWS principal, in any account, can assume this role. Name the accounts or roles that may, or add a Condition that limits who can (aws:PrincipalOrgID, aws:PrincipalAccount, sts:ExternalId).',
          );
        }
      }
    }
  },
};
