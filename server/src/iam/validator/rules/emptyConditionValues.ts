// A condition key with an empty array of values: what it means depends on the operator's qualifiers, and it is
// never what the author meant.
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';

export const emptyConditionValues: Rule = {
  id: 'emptyConditionValues',
  defaultSeverity: 'info',
  awsCode: 'EMPTY_ARRAY_CONDITION',
  description: 'A condition key has an empty array of values.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const node = entry.keyNode;
        if (!node.isArray || node.values.length > 0 || node.invalidValues.length > 0) continue;
        const key = node.key;
        const operator = entry.operator;
        if (operator?.qualifier === 'ForAllValues') {
          context.report(
            node.property.span,
            `ForAllValues with no values for '${key}' matches only when the key is missing or empty in the request. To test that, use Null; otherwise list values.`,
            { awsCode: 'EMPTY_ARRAY_CONDITION_FORALLVALUES' },
          );
        } else if (operator?.qualifier === 'ForAnyValue') {
          context.report(node.property.span, `ForAnyValue with no values for '${key}' never matches, so it has no useful effect. List values.`, {
            awsCode: 'EMPTY_ARRAY_CONDITION_FORANYVALUE',
          });
        } else if (operator?.ifExists) {
          context.report(
            node.property.span,
            `IfExists with no values for '${key}' matches only when the key is missing. To test that, use Null; otherwise list values.`,
            { awsCode: 'EMPTY_ARRAY_CONDITION_IFEXISTS' },
          );
        } else {
          context.report(
            node.property.span,
            `There are no values for '${key}', so this condition does not do what it seems to. List values or remove the key.`,
          );
        }
      }
    }
  },
};
