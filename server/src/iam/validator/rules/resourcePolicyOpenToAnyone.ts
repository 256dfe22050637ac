// An Allow statement of a resource policy that names every principal (`"*"` or `{"AWS": "*"}`) with no Condition lets
// anyone make the request: every AWS account, and anonymous callers where the service takes them (S3). The Principal
// element page asks that a Condition limit such a grant. Sometimes meant (a public website bucket), so a warning. Not
// when a Deny for everyone with a Condition covers its actions: "allow all, deny unless from my VPC endpoint" is the
// usual way to write a private API's policy.
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
    const guards = statements.filter(
      (s) => effectOf(s) === 'Deny' && s.condition !== undefined && s.principal !== undefined && isEveryonePrincipal(s.principal),
    );
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
