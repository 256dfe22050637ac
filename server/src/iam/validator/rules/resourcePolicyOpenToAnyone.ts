// An Allow statement of a resource policy that names every principal (`"*"` or `{"AWS": "*"}`) with no Condition that
// limits who lets anyone make the request: every AWS account, and anonymous callers where the service takes them (S3).
// The Principal element page asks that a Condition limit such a grant. Sometimes meant (a public website bucket), so a
// warning. A Condition limits who when it requires a literal value of a key about who or where the caller is (an
// organization, an account, a VPC endpoint, a source of a known account): one on how the call is made (TLS) does not,
// nor a pattern every caller matches (`o-*`), nor a negated or IfExists test, which a caller without the key passes,
// nor "any AWS service" or a bucket's ARN without the source's account (the confused deputy). Not when a Deny
// for everyone covers its actions on a condition about who or where the caller is: "allow all, deny unless from my VPC
// endpoint" is the usual way to write a private API's policy.
import { splitArn } from '../../arn';
import { parseConditionOperator } from '../../conditionOperators';
import type { ConditionOperatorNode, StatementNode } from '../../parser';
import { matchesWildcard } from '../../wildcard';
import { parseIpRange } from '../conditionValues';
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
      if (condition !== undefined && (condition.malformed || condition.operators.some((operator) => requiresWho(operator, statement)))) continue;
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
 * negated, not IfExists, not ForAllValues, which hold for a caller without the key) of a key that names an
 * organization, an account, a network or an account's resource (`LIMITING_KEYS`), whose values are none of them a
 * pattern every caller can match. A bucket's ARN as the source, or an AWS service as the caller, limits who only
 * beside the source's account (`aws:SourceAccount`, `aws:SourceOrgID`): anyone can name a bucket, and every customer of
 * a service calls through it (AWS's confused-deputy advice). An operator AWS does not know is taken to limit (the
 * grammar rules report it).
 */
function requiresWho(operator: ConditionOperatorNode, statement: StatementNode): boolean {
  const parsed = parseConditionOperator(operator.operator);
  if (parsed === undefined) return true;
  if (parsed.base.negated || parsed.ifExists || parsed.qualifier === 'ForAllValues' || parsed.base.comparison === 'null') return false;
  const patterns = parsed.base.wildcards || parsed.base.like;
  return operator.keys.some(
    (key) =>
      LIMITING_KEYS.test(key.key) &&
      // Values are alternatives: one that every caller matches lets every caller in.
      key.values.length > 0 &&
      key.values.every((value) => singlesOut(key.key, String(value.value), patterns, () => testsSourceAccount(statement))),
  );
}

/**
 * Keys that can say who or where a caller is, each only with a value that pins it down (`singlesOut`): the
 * organization, the account, the network, the source (`aws:SourceOwner` is SNS's older name for its account), a
 * principal's unique id; AWS KMS's caller account; an S3 access point of one account,
 * whose own policy then says who (AWS's "delegate access control to access points"). Not `aws:PrincipalType`, a bare
 * `aws:username`, `aws:VpcSourceIp` (private addresses every VPC has) nor whether the caller is an AWS service.
 */
const LIMITING_KEYS =
  /^(aws:(PrincipalOrgID|PrincipalOrgPaths|PrincipalAccount|PrincipalArn|SourceVpce?|SourceIp|SourceAccount|SourceOwner|SourceArn|SourceOrgID|SourceOrgPaths|userid)|kms:CallerAccount|s3:DataAccessPointAccount|s3:DataAccessPointArn)$/i;

/** Variables that stand for the resource's own account or organization: the same account or organization as the resource. */
const RESOURCE_VARIABLE = /^\$\{aws:Resource(Account|OrgID|OrgPaths)\}$/i;

/**
 * Whether one condition value singles callers out. A policy variable stands for the caller's own value, so every
 * caller matches it, unless it is the resource's own account or organization. A pattern singles out only where it
 * pins an account (an ARN whose account field is twelve digits) or an organization path's organization; a pattern on
 * an id (`o-*`, `vpce-*`) does not, nor an address range of most of the internet.
 */
function singlesOut(key: string, value: string, patterns: boolean, withSourceAccount: () => boolean): boolean {
  if (value.includes('${')) return RESOURCE_VARIABLE.test(value);
  if (/^aws:SourceIp$/i.test(key)) {
    const range = parseIpRange(value);
    return range === undefined || range.prefix >= (range.v6 ? 16 : 8);
  }
  const arnKey = /^(aws:PrincipalArn|aws:SourceArn|s3:DataAccessPointArn)$/i.test(key);
  if (arnKey) {
    const arn = splitArn(value);
    if (arn?.prefix !== 'arn') return !patterns && value !== '';
    // An ARN that names no account (a bucket's) pins nothing: anyone can create `logs-attacker`.
    if (arn.account === '') return withSourceAccount() && (!patterns || /^[^*?]/.test(arn.resource));
    return /^\d{12}$/.test(arn.account);
  }
  // A unique id (a role's `AROA…`, a user's `AIDA…`) names one principal, its sessions after the colon; a bare
  // user name or `anonymous` does not (any account has one).
  if (/^aws:userid$/i.test(key)) return /^A[A-Z]{3}[A-Z0-9]{12,}/.test(value);
  if (!patterns || !/[*?]/.test(value)) return value !== '';
  if (/^aws:(PrincipalOrgPaths|SourceOrgPaths)$/i.test(key)) return /^o-[a-z0-9]{10,32}\//.test(value);
  return false;
}

/** Whether the statement also requires the source's account or organization (`aws:SourceAccount`, `aws:SourceOrgID`). */
function testsSourceAccount(statement: StatementNode): boolean {
  return (statement.condition?.operators ?? []).some((operator) => {
    const parsed = parseConditionOperator(operator.operator);
    return (
      parsed !== undefined &&
      !parsed.base.negated &&
      !parsed.ifExists &&
      operator.keys.some(
        (key) => /^aws:(SourceAccount|SourceOrgID)$/i.test(key.key) && key.values.length > 0 && key.values.every((v) => /^[\w-]+$/.test(String(v.value))),
      )
    );
  });
}
