// An Allow statement of a resource policy that names every principal (`"*"` or `{"AWS": "*"}`) with no Condition lets
// anyone make the request: every AWS account, and anonymous callers where the service takes them (S3). The Principal
// element page asks that a Condition limit such a grant. Sometimes meant (a public website bucket), so a warning. Not
// when a Deny for everyone covers its actions on a condition about who or where the caller is: "allow all, deny unless
// from my VPC endpoint" is the usual way to write a private API's policy. A Deny on how the call is made (without TLS)
// limits no one.
import type { StatementNode } from '../../parser';
import { matchesWildcard } from '../../wildcard';
import { effectOf, isEveryonePrincipal, itemsOf } from '../documentUtils';
import type { Rule } from '../rule';

export const resourcePolicyOpenToAnyone: Rule = {
  id: 'resourcePolicyOpenToAnyone',
  defaultSeverity: 'warning',
  description: 'A resource policy allows "*" (anyone) with no Condition to limit who.',
  appliesTo: ['resource'],
  check(context) {
    const statements = context.document?.statements ?? [];
    const guards = statements.filter((s) => effectOf(s) === 'Deny' && s.principal !== undefined && isEveryonePrincipal(s.principal) && limitsWho(s));
    for (const statement of statements) {
      const principal = statement.principal;
      if (effectOf(statement) !== 'Allow' || statement.condition !== undefined || principal === undefined || !isEveryonePrincipal(principal)) continue;
      if (guards.some((guard) => coversActions(guard, statement))) continue;
      const value = principal.property.value;
      context.report(
        value ? { offset: value.offset, length: value.length } : principal.property.keySpan,
        'Anyone can make these requests: every AWS account, and anonymous callers where the service accepts them. Name the principals, or add a Condition that limits who (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn).',
      );
    }
  },
};

/** Whether every action the statement lists is one the guard lists too (a NotAction on either side: no). */
function coversActions(guard: StatementNode, statement: StatementNode): boolean {
  if (guard.notAction !== undefined || statement.notAction !== undefined) return false;
  const patterns = itemsOf(guard.action);
  const actions = itemsOf(statement.action);
  return actions.length > 0 && actions.every((action) => patterns.some((pattern) => matchesWildcard(pattern, action, CASE_INSENSITIVE)));
}

const CASE_INSENSITIVE = { caseInsensitive: true } as const;

/** Keys that say who or where the caller is: a Deny on one of them keeps callers out. */
const WHO_OR_WHERE =
  /^aws:(Principal(OrgID|OrgPaths|Account|Arn|Type)|SourceVpce?|SourceIp|VpcSourceIp|SourceArn|SourceAccount|SourceOrgID|SourceOrgPaths|userid|username)$/i;

function limitsWho(statement: StatementNode): boolean {
  return (statement.condition?.operators ?? []).some((operator) => operator.keys.some((key) => WHO_OR_WHERE.test(key.key)));
}
