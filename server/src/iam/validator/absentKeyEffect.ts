import { holdsForAbsentKey } from '../conditionOperators';
import type { ConditionEntry } from './statementFacts';

/**
 * What a condition on a key no request carries does, said after "so": it never matches, or (`…IfExists`, a negated
 * operator, `Null` "true") it always holds, which makes a Deny apply to every request it matches otherwise.
 */
export function absentKeyEffect(entry: ConditionEntry): string {
  const values = entry.keyNode.values.map((v) => String(v.value));
  if (entry.operator === undefined || !holdsForAbsentKey(entry.operator, values)) return 'this condition never matches';
  return `this condition always holds (${entry.operator.text} holds when the request lacks the key)`;
}
