// Helpers over a statement's Condition block, for rules that ask "does this statement constrain key X?".
import type { ConditionKeyNode, StatementNode } from '../parser/policyTree';

/** Every condition key of the statement, across all operators. */
export function conditionKeysOf(statement: StatementNode): ConditionKeyNode[] {
  const keys: ConditionKeyNode[] = [];
  for (const operator of statement.condition?.operators ?? []) keys.push(...operator.keys);
  return keys;
}
