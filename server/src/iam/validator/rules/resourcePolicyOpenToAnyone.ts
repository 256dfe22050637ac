// An Allow statement of a resource policy that names every principal (`"*"` or `{"AWS": "*"}`) with no Condition lets
// anyone make the request: every AWS account, and anonymous callers where the service takes them (S3). The Principal
// element page asks that a Condition limit such a grant. Sometimes meant (a public website bucket), so a warning.
import { effectOf, isEveryonePrincipal } from '../documentUtils';
import type { Rule } from '../rule';

export const resourcePolicyOpenToAnyone: Rule = {
  id: 'resourcePolicyOpenToAnyone',
  defaultSeverity: 'warning',
  description: 'A resource policy allows "*" (anyone) with no Condition to limit who.',
  appliesTo: ['resource'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const principal = statement.principal;
      if (effectOf(statement) !== 'Allow' || statement.condition !== undefined || principal === undefined || !isEveryonePrincipal(principal)) continue;
      const value = principal.property.value;
      context.report(
        value ? { offset: value.offset, length: value.length } : principal.property.keySpan,
        'Anyone can make these requests: every AWS account, and anonymous callers where the service accepts them. Name the principals, or add a Condition that limits who (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn).',
      );
    }
  },
};
