// A single-valued Bool key is either true or false: listing both values makes the condition always true (for a
// present key), which is never what the author meant.
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';

export const multipleBooleanValues: Rule = {
  id: 'multipleBooleanValues',
  defaultSeverity: 'error',
  awsCode: 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
  description: 'A Bool condition lists more than one value for a single-valued key.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'bool' || entry.operator.qualifier) continue;
        if (entry.keyNode.values.length < 2 || entry.keyInfo?.multiValued) continue;
        context.report(
          entry.keyNode.keySpan,
          `'${entry.keyNode.key}' takes one Boolean value; ${entry.keyNode.values.length} are listed. Keep only "true" or "false".`,
        );
      }
    }
  },
};
