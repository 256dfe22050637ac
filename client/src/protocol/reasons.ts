/** Words for the evaluator's machine-readable reasons. Formatting only: the evaluator has already decided. */
import type { ConditionTrace, ElementMatch } from './messages';

export function elementSentence(e: ElementMatch): string {
  const value = e.value !== undefined ? ` ${e.value}` : '';
  switch (e.reason) {
    case 'matched':
      return `${e.element}${value} matches the request`;
    case 'actionNotListed':
      return `${e.element} does not list the requested action`;
    case 'actionExcluded':
      return `NotAction${value} excludes the requested action`;
    case 'resourceNotListed':
      return `${e.element} does not list the requested resource`;
    case 'resourceExcluded':
      return `NotResource${value} excludes the requested resource`;
    case 'resourceVariableMissing':
      return `${e.element}${value} uses a policy variable the request does not have`;
    case 'wildcardOnlyAction':
      return `the action supports only Resource "*"`;
    case 'principalNotListed':
      return `${e.element} does not list the requesting principal`;
    case 'principalExcluded':
      return `NotPrincipal${value} excludes the requesting principal`;
    case 'noPrincipalElement':
      return 'a resource policy statement needs a Principal';
    case 'conditionKeyMissing':
    case 'conditionValueMismatch':
    case 'conditionTypeError':
    case 'conditionUnknownOperator':
      return `${e.element} is not met`;
  }
}

export function conditionSentence(c: ConditionTrace): string {
  const request = c.requestValues === undefined ? 'absent from the request' : c.requestValues.join(', ') || '(empty)';
  const policy = (c.resolvedPolicyValues ?? c.policyValues).join(', ');
  const head = `${c.operator} ${c.key}: request ${request}, policy ${policy}`;
  if (c.detail) return `${head} (${c.detail})`;
  switch (c.reason) {
    case 'matched':
      return `${head}: met`;
    case 'conditionKeyMissing':
      return `${head}: the key is missing`;
    case 'conditionValueMismatch':
      return `${head}: no match`;
    case 'conditionTypeError':
      return `${head}: a value is not of the operator's type`;
    case 'conditionUnknownOperator':
      return `${head}: unknown operator`;
    default:
      return head;
  }
}

/** The short note written beside a marked condition in the source. */
export function conditionNote(c: ConditionTrace): string {
  if (c.detail) return c.detail;
  if (c.requestValues === undefined) return `${c.key} is absent from the request`;
  return `request: ${c.requestValues.join(', ')}`;
}
