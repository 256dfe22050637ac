import { assertNever, POLICY_TYPE_NAMES, type PolicyType } from '../policyTypes';
import type { ConditionTrace, ElementMatch, LayerKind, MatchReason } from '../evaluator/types';
import { printableText } from './printableText';

/** A sentence made from a phrase: its first letter upper-case (`statement Read of …` → `Statement Read of …`). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The policy type AWS names in AccessDenied messages for each layer. */
export function layerPolicyName(kind: LayerKind): string {
  switch (kind) {
    case 'rcp':
      return 'resource control policy';
    case 'scp':
      return 'service control policy';
    case 'resource':
    case 'keyPolicy':
      // AWS's messages call KMS key policies resource-based policies too.
      return 'resource-based policy';
    case 'trust':
      return 'role trust policy';
    case 'identity':
      return 'identity-based policy';
    case 'boundary':
      return 'permissions boundary';
    case 'session':
      return 'session policy';
    case 'endpoint':
      return 'VPC endpoint policy';
    default:
      return assertNever(kind);
  }
}

export function policyTypeName(type: PolicyType): string {
  return POLICY_TYPE_NAMES[type];
}

/** `a service control policy`, `an identity-based policy`. */
/** `1 call`, `3 calls`: a count with its noun, for every report. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function quoteList(values: readonly string[]): string {
  if (values.length === 0) return '(nothing)';
  return values.map((v) => `'${printableText(v)}'`).join(', ');
}

/** Why an element matched or not, in a short sentence naming the element and the values. */
export function elementSentence(match: ElementMatch, request: { principal: string; action: string; resource: string }): string {
  const value = match.value !== undefined ? `'${match.value}'` : undefined;
  const reason: MatchReason = match.reason;
  switch (reason) {
    case 'matched':
      if (match.element === 'Action') return `Action ${value ?? ''} matches ${request.action}`.replace('  ', ' ');
      if (match.element === 'NotAction') return `NotAction does not exclude ${request.action}`;
      if (match.element === 'Resource') return `Resource ${value ?? ''} matches ${request.resource}`.replace('  ', ' ');
      if (match.element === 'NotResource') return `NotResource does not exclude ${request.resource}`;
      if (match.element === 'Principal') return `Principal ${value ?? ''} matches ${request.principal}`.replace('  ', ' ');
      if (match.element === 'NotPrincipal') return `NotPrincipal does not exempt ${request.principal}`;
      return `${match.element} matches`;
    case 'actionNotListed':
      return `Action does not match ${request.action}`;
    case 'actionExcluded':
      return `NotAction ${value ?? ''} excludes ${request.action}`.replace('  ', ' ');
    case 'resourceNotListed':
      return `Resource does not match ${request.resource}`;
    case 'resourceExcluded':
      return `NotResource ${value ?? ''} excludes ${request.resource}`.replace('  ', ' ');
    case 'resourceVariableMissing':
      return `Resource uses a policy variable the request has no value for, so it matches nothing`;
    case 'wildcardOnlyAction':
      return `${request.action} supports only Resource "*", and this statement names specific resources`;
    case 'principalNotListed':
      return `Principal does not name ${request.principal}`;
    case 'principalExcluded':
      return `NotPrincipal ${value ?? ''} exempts ${request.principal}`.replace('  ', ' ');
    case 'noPrincipalElement':
      return 'the statement has no Principal, so in a resource-based policy it applies to nobody';
    case 'conditionKeyMissing':
    case 'conditionValueMismatch':
    case 'conditionTypeError':
    case 'conditionUnknownOperator':
      return `Condition does not hold`;
    default:
      return assertNever(reason);
  }
}

/** `aws:SourceIp 10.1.2.3 is not in 203.0.113.0/24 (NotIpAddress)`. */
export function conditionSentence(condition: ConditionTrace): string {
  const op = condition.operator;
  const policy = condition.resolvedPolicyValues ?? condition.policyValues;
  if (condition.reason === 'conditionUnknownOperator') return `${op} is not a condition operator AWS knows, so the condition never holds`;
  let text: string;
  if (condition.detail !== undefined) {
    text = condition.detail.startsWith(condition.key) ? condition.detail : `${condition.key} ${condition.detail}`;
  } else if (condition.requestValues === undefined) {
    text = `the request has no ${condition.key}`;
  } else {
    const relation = condition.matched ? 'matches' : 'does not match';
    text = `${condition.key} ${condition.requestValues.join(', ') || '(empty)'} ${relation} ${quoteList(policy)}`;
  }
  const verdict = condition.matched ? 'holds' : 'does not hold';
  if (condition.reason === 'conditionTypeError') return `${op} ${verdict}: ${text}`;
  // The evaluator's detail often already names the operator's verdict ("… is absent, so BoolIfExists holds").
  if (text.includes(op)) return text;
  return `${text} (${op} ${verdict})`;
}

/** The short note written beside a condition marked in a statement's text: what the request had. */
export function conditionNote(condition: ConditionTrace): string {
  if (condition.detail !== undefined) return condition.detail;
  if (condition.requestValues === undefined) return `${condition.key} is absent from the request`;
  return `request: ${condition.requestValues.join(', ') || '(empty)'}`;
}

/** `No statement in identity policies of alice allows s3:PutObject`: an implicit deny with no statement close. */
export function noAllowSentence(layerLabel: string, action: string): string {
  return `No statement in ${layerLabel} allows ${action}`;
}

/**
 * A request across accounts to a resource with no policy in the model: its account must allow the caller too, and a
 * resource without a policy allows nobody from another account.
 */
export function noResourcePolicySentence(resource: string, action: string): string {
  return `${resource} has no resource-based policy in the model, and across accounts one must allow ${action} too`;
}

/** The verdict as the text faces print it first (`✖ DENIED (explicit deny)`). */
export const DECISION_MARK = { allowed: '✔ ALLOWED', explicitDeny: '✖ DENIED (explicit deny)', implicitDeny: '✖ DENIED (implicit deny)' } as const;

/** The section heads of a text explanation, shared by the CLI and the language server's lines and markdown. */
export const SECTION = {
  fixes: 'How to fix (each change alone changes the decision):',
  pairedFixes: 'How to fix (no single change does; both changes of the fix below together do):',
  noSingleFix:
    'How to fix: none of the single changes tried (adding the action, resource or principal to a statement, setting a context value, mending a typo in a policy) changes the decision alone; the statements below show what each lacks.',
  noDenyFix:
    'How to fix: none of the single changes tried (a context value its condition does not hold for, the action or resource taken out of the Deny, the statement removed from its policy) lifts the Deny below alone: detach its policy, or change the Deny by hand.',
  layers: 'Layers (in the order AWS evaluates them):',
  nearMisses: 'Did not apply:',
} as const;

/** `Why: …`, the reason line as text. */
export function whyLine(reason: string): string {
  return `Why: ${reason}`;
}

/** `No allowing statement in: identity policies of alice`. */
export function noAllowingStatementLine(layerLabel: string): string {
  return `No allowing statement in: ${layerLabel}`;
}

/** `Allowed by:` or `Denied by:`, over the deciding statements. */
export function decidingHead(decision: 'allowed' | 'explicitDeny' | 'implicitDeny'): string {
  return decision === 'allowed' ? 'Allowed by:' : 'Denied by:';
}

/** A request simulated without keys AWS always sets: the answer may not be AWS's. */
export function absentKeysSentence(keys: readonly string[]): string {
  const one = keys.length === 1;
  return `${keys.join(' and ')} ${one ? 'is' : 'are'} absent from this request, but AWS sets ${one ? 'it' : 'them'} on every request, so AWS may decide otherwise: give the request ${one ? 'a value' : 'values'} for ${one ? 'it' : 'them'}.`;
}

/** A request whose Region the answer took from its resource's ARN, as AWS would, and how to ask about another. */
export function regionFromResourceSentence(region: string): string {
  return `aws:RequestedRegion is taken as ${region}, the Region the resource's ARN names (AWS sets it to the Region the request is made to); give it in the request's context to ask about a call made to another Region.`;
}

/** A request given a Region other than its resource's: AWS would not route the call there. */
export function regionGivenElsewhereSentence(given: string, resource: string): string {
  return `aws:RequestedRegion is ${given}, but the resource's ARN names ${resource}: AWS reaches the resource through ${resource}'s endpoint, so a call made to ${given} would not get there; leave the key out, or give ${resource}.`;
}

/** How an answer that rests on a value a template leaves open can be decided. */
const OPEN_VALUE_ADVICE = " It is decided here only once the template or configuration gives that value (a parameter default, a variable's default).";

/** A statement left out of the answer because its element lists a value the template or configuration leaves open. */
export function unresolvedValueSentence(statement: string, effect: 'Allow' | 'Deny', element: string, values: readonly string[]): string {
  return `${statement} would ${effect === 'Allow' ? 'allow' : 'deny'} this request if its ${element} matched, but it lists ${quoteList(values.slice(0, 3))}, a value the template or configuration leaves open: once deployed it may match, so AWS may decide otherwise.${OPEN_VALUE_ADVICE}`;
}

/** Who-can was given keys only a service's request carries (see evaluator/serviceOnlyKeys.ts). */
export function serviceOnlyKeysSentence(keys: readonly string[]): string {
  const list = keys.join(', ');
  return `${list} ${keys.length === 1 ? 'is' : 'are'} set only on a request a service makes for a resource: users and roles were asked without ${keys.length === 1 ? 'it' : 'them'}, and only the service principals the model's policies name were asked with ${keys.length === 1 ? 'it' : 'them'}.`;
}

/** A statement that decided the request holds an error `check` reports (see simulate/decidingPolicyErrors.ts). */
export function decidingPolicyErrorSentence(statement: string, message: string, code: string): string {
  return `${statement} decides this request, but check reports an error in it (${code}): ${message} The answer is about the policy as written, which AWS may refuse or not apply as meant.`;
}

/** A statement that came close but tests a condition key AWS does not define (a misspelling, most often). */
export function unknownConditionKeySentence(statement: string, key: string, meant: string | undefined): string {
  const colon = key.indexOf(':');
  const prefix = key.slice(0, colon).toLowerCase();
  const guess = meant !== undefined ? ` (did you mean ${meant}?)` : '';
  // The catalog's global keys are AWS's short, stable list; a service's keys are what the catalog knows of it, which
  // can lag AWS, and the sentence says so rather than asserting.
  return prefix === 'aws'
    ? `${statement} tests ${key}, which is no AWS global condition key${guess}: no request carries it, so that condition does not hold as written.`
    : `${statement} tests ${key}, which is not among the condition keys the catalog lists for ${prefix}${guess}: unless the catalog lags AWS, no request carries it, so that condition does not hold as written.`;
}

/** A message ended as a sentence: a period added unless it already ends in one (or in a question: "Did you mean …?"). */
export function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/**
 * Who-can: principals denied only because a statement that would allow them tests keys the request does not give
 * (an external ID, a request tag), which their callers choose.
 */
export function absentCallerKeysSentence(keys: readonly string[], principals: number): string {
  const one = keys.length === 1;
  const who = principals === 1 ? 'One principal denied lacks' : `${principals} principals denied lack`;
  // An existing object's tags are the resource's, which the model does not hold; the other keys are the caller's.
  const ofResource = keys.filter(isResourcePropertyKey);
  const setBy =
    ofResource.length === keys.length
      ? `the resource has ${one ? 'it' : 'them'} (the model holds no value for ${one ? 'it' : 'them'})`
      : ofResource.length === 0
        ? `a caller sets ${one ? 'it' : 'them'}`
        : `a caller sets some and the resource has ${ofResource.join(' and ')}`;
  return `${who} only ${keys.join(' and ')} for a statement to allow ${principals === 1 ? 'it' : 'them'}: the request gives ${one ? 'no value for it' : 'no values for them'}, and ${setBy}. Ask again with ${keys.map((k) => `--context ${k}=VALUE`).join(' ')} to see who can then.`;
}

/**
 * A user's or role's ARN written with another path than the model's (`role/AppRole` for `role/service-role/AppRole`):
 * the request is made as the model's principal, whose ARN policies name, and the user is told so.
 */
export function pathDiffersSentence(written: string, arn: string): string {
  return `${written} is written with another path than the model's ${arn}; the request is made as ${arn}.`;
}

/**
 * A service principal a statement would allow but for keys its own request carries (the resource it acts for), which
 * the question gives no value for: the statement's conditions, and how to ask with them. `verified`: asked with the
 * values given here, the service is allowed; otherwise a value is for the user to write (the conditions list only
 * patterns), and what follows is not known.
 */
export function absentServiceKeysSentence(
  service: string,
  statement: string,
  conditions: readonly { operator: string; key: string; values: readonly string[] }[],
  asks: readonly { key: string; value: string | undefined }[],
  verified: boolean,
): string {
  const keys = asks.map((a) => a.key).join(' and ');
  const one = conditions.length === 1;
  const written = conditions.map((c) => `${c.operator} ${c.key} ${c.values.join(' or ')}`).join(' and ');
  const ask = asks.map((a) => `--context ${a.key}=${a.value ?? 'VALUE'}`).join(' ');
  return verified
    ? `${service} is denied only because the request gives no ${keys}, which the service's own request carries: ${statement} allows it when its condition${one ? '' : 's'} ${written} ${one ? 'holds' : 'hold'}. Ask again with ${ask} to see it allowed.`
    : `${service} is denied, and the request gives no ${keys}, which the service's own request carries: ${statement} would allow it when its condition${one ? '' : 's'} ${written} ${one ? 'holds' : 'hold'}. Ask again with ${ask} (a value ${one ? 'it matches' : 'they match'}) to see whether it is then allowed.`;
}

/** A key that says what the resource acted on already is (an S3 object's tags, a service's own resource tags). */
function isResourcePropertyKey(key: string): boolean {
  return /^(s3:ExistingObjectTag|[a-z0-9-]+:ResourceTag)\//i.test(key);
}

/** Who-can over a role whose trust policy lets in an account the model does not describe (its root user cannot). */
export function trustedAccountSentence(statement: string, account: string, whenConditionsHold: boolean): string {
  return `${statement} trusts account ${account}: its IAM users and roles can make this request when their own policies allow it${whenConditionsHold ? " and the statement's conditions hold" : ''} (its root user cannot); the model does not list them (ask with one, arn:aws:iam::${account}:user/NAME).`;
}

/**
 * Who-can over a resource whose policy lets in an account the model does not describe: its root user, and its users
 * and roles as their own policies allow (a request across accounts needs both sides).
 */
export function outsideAccountSentence(statement: string, account: string, whenConditionsHold: boolean): string {
  return `${statement} lets account ${account} in: its root user, and its IAM users and roles whose own policies allow it, can make this request${whenConditionsHold ? " when the statement's conditions hold" : ''}; the model does not describe that account, so none of them is listed (ask with one, arn:aws:iam::${account}:user/NAME).`;
}

/** Who-can over a resource (or a role) whose policy lets in a user or role of an account the model does not describe. */
export function outsidePrincipalSentence(statement: string, principal: string, account: string, whenConditionsHold: boolean): string {
  return `${statement} lets ${principal} in: it can make this request when its own policies allow it${whenConditionsHold ? " and the statement's conditions hold" : ''}; the model does not describe account ${account}, so it is not listed (ask with it as --principal).`;
}

/** Who-can over a policy that names more accounts or principals outside the model than are named one by one. */
export function moreOutsidersSentence(count: number): string {
  return `The policy names ${count} more account${count === 1 ? '' : 's'} or principal${count === 1 ? '' : 's'} outside the model, not examined one by one here: ask with one of them as --principal to see whether it can make this request.`;
}

/** Who-can over a role that trusts an identity provider: whoever it issues a token to, which the model cannot list. */
export function trustedProviderSentence(statement: string, provider: string, conditionKeys: readonly string[]): string {
  const when =
    conditionKeys.length > 0
      ? ` when the token's ${conditionKeys.join(' and ')} ${conditionKeys.length === 1 ? 'meets' : 'meet'} the statement's conditions`
      : ', whatever its claims (no condition limits them)';
  return `${statement} trusts the identity provider ${provider}: whoever it issues a token to can make this request${when}; the model does not list them.`;
}

/**
 * Who-can over a resource whose policy grants to everyone: the principals listed are not all who can. `byNotPrincipal`:
 * the statement grants with a NotPrincipal, to everyone but those it lists.
 */
export function openToAnyoneSentence(statement: string, byNotPrincipal = false): string {
  const why = byNotPrincipal ? 'its NotPrincipal leaves out only the principals it lists' : 'its Principal is "*", or "AWS": "*"';
  return `${statement} allows this request for any principal (${why}): besides those listed, principals of every other AWS account can make it (with their own identity policy allowing it), and anonymous requests too where the service accepts them.`;
}

/** A deciding statement that applied because a value the template leaves open did not match a negated test. */
export function unresolvedDecidingSentence(statement: string, effect: 'Allow' | 'Deny', element: string, values: readonly string[]): string {
  return `${statement} ${effect === 'Allow' ? 'allows' : 'denies'} this request because its ${element} test met ${quoteList(values.slice(0, 3))}, a value the template or configuration leaves open: once deployed it may not apply, so AWS may decide otherwise.${OPEN_VALUE_ADVICE}`;
}
