// "Principal": "*" in a trust policy would let anyone assume the role; IAM does not accept it.
import { isEveryonePrincipal } from '../documentUtils';
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
      if (!principal || !isEveryonePrincipal(principal)) continue;
      const span = principal.property.value ? { offset: principal.property.value.offset, length: principal.property.value.length } : principal.property.keySpan;
      context.report(
        span,
        'A role trust policy cannot trust "*" (everyone). Name the accounts, roles, services or identity providers that may assume the role.',
      );
    }
  },
};
