// NotPrincipal exists only in resource-based policies (NotPrincipal page: not in identity policies, role trust
// policies, SCPs or RCPs).
import { POLICY_TYPE_NAMES } from '../../policyTypes';
import type { PolicyType } from '../../policyTypes';
import type { Rule } from '../rule';

const AWS_CODES: Partial<Record<PolicyType, string>> = {
  trust: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
  scp: 'SCP_SYNTAX_ERROR_PRINCIPAL',
};

export const notPrincipalNotAllowed: Rule = {
  id: 'notPrincipalNotAllowed',
  defaultSeverity: 'error',
  awsCode: 'UNSUPPORTED_PRINCIPAL',
  description: 'NotPrincipal in a policy type that does not support it (only resource-based policies do).',
  appliesTo: ['identity', 'boundary', 'session', 'trust', 'scp', 'rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const notPrincipal = statement.notPrincipal;
      if (!notPrincipal) continue;
      const fix =
        context.type === 'trust' || context.type === 'rcp' ? ' Use Principal instead.' : ' Remove it; use conditions such as aws:PrincipalArn instead.';
      const awsCode = AWS_CODES[context.type];
      context.report(notPrincipal.property.keySpan, `A ${POLICY_TYPE_NAMES[context.type]} does not support NotPrincipal.${fix}`, awsCode ? { awsCode } : {});
    }
  },
};
