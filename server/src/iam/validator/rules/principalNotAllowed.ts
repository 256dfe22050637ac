// Identity-based policies (and boundaries, session policies, SCPs) apply to whoever they are attached to: they cannot
// name a principal. AWS rejects the document (for SCPs: "Unsupported elements", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html).
import { POLICY_TYPE_NAMES } from '../../policyTypes';
import type { Rule } from '../rule';

export const principalNotAllowed: Rule = {
  id: 'principalNotAllowed',
  defaultSeverity: 'error',
  awsCode: 'UNSUPPORTED_PRINCIPAL',
  description: 'A Principal element in a policy type that applies to the identity it is attached to.',
  appliesTo: ['identity', 'boundary', 'session', 'scp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const principal = statement.principal;
      if (!principal) continue;
      const message =
        context.type === 'scp'
          ? 'Service control policies cannot name principals: they apply to every principal in the accounts they are attached to. Remove Principal and use a condition such as aws:PrincipalArn to exempt principals.'
          : `A ${POLICY_TYPE_NAMES[context.type]} cannot have a Principal: it applies to the user, group or role it is attached to. Remove Principal (or, if this is a resource-based or trust policy, check it with that type).`;
      context.report(principal.property.keySpan, message, context.type === 'scp' ? { awsCode: 'SCP_SYNTAX_ERROR_PRINCIPAL' } : {});
    }
  },
};
