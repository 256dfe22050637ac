// Date-like text that is not ISO 8601 (`2026/1/31`, `31-01-2026`) may not resolve to the date the author meant.
import type { Rule } from '../rule';
import { dateValueKind } from '../conditionValues';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';

export const invalidDateValue: Rule = {
  id: 'invalidDateValue',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_DATE_VALUE',
  description: 'A date condition value is not in ISO 8601 form and may not resolve as expected.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'date') continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (dateValueKind(value) !== 'loose') continue;
          context.report(
            located.span,
            `The date '${value}' might not resolve as expected. Write it as YYYY-MM-DD (or a full ISO 8601 time such as 2026-01-31T12:00:00Z).`,
          );
        }
      }
    }
  },
};
