// RCPs apply to every principal calling the resources they cover; "Principal" must be "*" and who is exempt is said
// with conditions (aws:PrincipalOrgID, aws:PrincipalIsAWSService…) (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
import { isEveryonePrincipal } from '../documentUtils';
import type { Rule } from '../rule';

export const rcpPrincipal: Rule = {
  id: 'rcpPrincipal',
  defaultSeverity: 'error',
  description: 'A resource control policy names a Principal other than "*".',
  appliesTo: ['rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const principal = statement.principal;
      if (!principal || !principal.property.value || isEveryonePrincipal(principal)) continue;
      const value = principal.property.value;
      context.report(
        { offset: value.offset, length: value.length },
        'A resource control policy must use "Principal": "*"; narrow it with conditions such as aws:PrincipalOrgID or aws:PrincipalArn.',
        {
          fixes: [{ title: 'Change to "*"', edits: [{ span: { offset: value.offset, length: value.length }, newText: '"*"' }] }],
        },
      );
    }
  },
};
