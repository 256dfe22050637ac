// An Allow statement of a resource policy that names every principal (`"*"` or `{"AWS": "*"}`) with no Condition that
// limits who lets anyone make the request: every AWS account, and anonymous callers where the service takes them (S3).
// The Principal element page asks that a Condition limit such a grant. Sometimes meant (a public website bucket), so a
// warning. A Condition limits who when it requires a literal value of a key about who or where the caller is (an
// organization, an account, a VPC endpoint, a source ARN): one on how the call is made (TLS) does not, nor a pattern
// every caller matches (`o-*`), nor a negated or IfExists test, which a caller without the key passes. Not when a Deny
// for everyone covers its actions on a condition about who or where the caller is: "allow all, deny unless from my VPC
// endpoint" is the usual way to write a private API's policy.
import { parseConditionOperator } from '../../conditionOperators';
import type { ConditionOperatorNode, StatementNode } from '../../parser';
import { matchesWildcard } from '../../wildcard';
import { effectOf, isEveryonePrincipal, itemsOf } from '../documentUtils';
import type { Rule } from '../rule';

export const resourcePolicyOpenToAnyone: Rule = {
  id: 'resourcePolicyOpenToAnyone',
  defaultSeverity: 'warning',
  description: 'A resource policy allows "*" (anyone) with no Condition that limits who (an organization, account, VPC endpoint or source).',
  appliesTo: ['resource'],
  check(context) {
    const statements = context.document?.statements ?? [];
    const guards = statements.filter((s) => effectOf(s) === 'Deny' && s.principal !== undefined && isEveryonePrincipal(s.principal) && limitsWho(s));
    for (const statement of statements) {
      const principal = statement.principal;
      if (effectOf(statement) !== 'Allow' || principal === undefined || !isEveryonePrincipal(principal)) continue;
      const condition = statement.condition;
      if (condition !== undefined && (condition.malformed || condition.operators.some(requiresWho))) continue;
      if (guards.some((guard) => coversActions(guard, statement))) continue;
      const value = principal.property.value;
      context.report(
        value ? { offset: value.offset, length: value.length } : principal.property.keySpan,
        `Anyone can make these requests: every AWS account, and anonymous callers where the service accepts them${
          condition === undefined ? '' : ' (the Condition does not limit who: it tests how the call is made, or every caller passes it)'
        }. Name the principals, or add a Condition that limits who (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn).`,
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

/**
 * Whether a condition operator requires a caller to be someone or somewhere in particular: a positive test (not
 * negated, not IfExists, not ForAllValues, which hold for a caller without the key) of a who-or-where key whose values
 * are none of them a pattern every caller can match. An operator AWS does not know is taken to limit (the
 * grammar rules report it).
 */
function requiresWho(operator: ConditionOperatorNode): boolean {
  const parsed = parseConditionOperator(operator.operator);
  if (parsed === undefined) return true;
  if (parsed.base.negated || parsed.ifExists || parsed.qualifier === 'ForAllValues' || parsed.base.comparison === 'null') return false;
  return operator.keys.some(
    (key) =>
      (WHO_OR_WHERE.test(key.key) || CALLER_KEYS.test(key.key)) &&
      // Values are alternatives: one that every caller matches lets every caller in.
      key.values.length > 0 &&
      key.values.every((value) => singlesOut(key.key, String(value.value), parsed.base.wildcards || parsed.base.like)),
  );
}

/**
 * Keys of a service that say who the caller is (AWS KMS's caller account), that it is an AWS service, or that the
 * request comes through an S3 access point of one account, whose own policy then says who (AWS's "delegate access
 * control to access points" bucket policy).
 */
const CALLER_KEYS = /^(kms:CallerAccount|aws:PrincipalServiceName|aws:PrincipalIsAWSService|s3:DataAccessPointAccount|s3:DataAccessPointArn)$/i;

/**
 * Whether one condition value singles callers out. A policy variable resolves to the caller's own value, so every
 * caller matches it. A pattern singles out only where it pins an account (an ARN whose account field is twelve digits,
 * or a bucket name) or an organization path's organization; a pattern on an id (`o-*`, `vpce-*`) does not. An IP
 * range of the whole address space does not either.
 */
function singlesOut(key: string, value: string, patterns: boolean): boolean {
  if (value.includes('${')) return false;
  if (/^aws:PrincipalIsAWSService$/i.test(key)) return value.toLowerCase() === 'true';
  if (/^(0\.0\.0\.0|::)\/0$/.test(value)) return false;
  if (!patterns || !/[*?]/.test(value)) return value !== '';
  if (/^(aws:PrincipalArn|aws:SourceArn|s3:DataAccessPointArn)$/i.test(key)) {
    const [prefix, partition, service, , account, resource] = value.split(':');
    if (prefix !== 'arn' || resource === undefined) return false;
    if (/^\d{12}$/.test(account ?? '')) return true;
    // An ARN without an account (an S3 bucket's) is pinned by the literal start of its resource.
    return account === '' && !/[*?]/.test(`${partition}${service}`) && /^[^*?]/.test(resource);
  }
  if (/^aws:(PrincipalOrgPaths|SourceOrgPaths)$/i.test(key)) return /^o-[a-z0-9]{10,32}\//.test(value);
  return false;
}
