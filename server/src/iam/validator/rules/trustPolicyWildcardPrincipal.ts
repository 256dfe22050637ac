// "Principal": "*" in a trust policy would let anyone assume the role; IAM does not accept it (Access Analyzer's
// ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL names exactly that form). `{"AWS": "*"}` is accepted: the
// Principal element page tells how to open a role to everyone that way, and to hold it back with a Condition
// (trustPolicyAnyPrincipal warns when nothing does).
import type { Rule } from '../rule';

export const trustPolicyWildcardPrincipal: Rule = {
  id: 'trustPolicyWildcardPrincipal',
  defaultSeverity: 'error',
  awsCode: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  description: 'A role trust policy allows "Principal": "*".',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const principal = statement.principal;
      if (principal?.bare?.value !== '*') continue;
      const span = principal.property.value ? { offset: principal.property.value.offset, length: principal.property.value.length } : principal.property.keySpan;
      context.report(
        span,
        'A role trust policy cannot trust "*" (everyone). Name the accounts, roles, services or identity providers that may assume the role.',
      );
    }
  },
};
