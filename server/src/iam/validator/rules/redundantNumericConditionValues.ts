// Values of one key are ORed: `NumericLessThan: {"k": ["10", "20"]}` is just `< 20`.
import type { Rule } from '../rule';
import { isNumericValue } from '../conditionValues';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';

export const redundantNumericConditionValues: Rule = {
  id: 'redundantNumericConditionValues',
  defaultSeverity: 'info',
  awsCode: 'REDUNDANT_CONDITION_VALUE_NUM',
  description: 'A numeric ordering condition lists several values where one (the greatest or least) decides.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (!operator || operator.qualifier || operator.base.category !== 'numeric') continue;
        const comparison = operator.base.comparison;
        const upper = comparison === 'lessThan' || comparison === 'lessThanEquals';
        const lower = comparison === 'greaterThan' || comparison === 'greaterThanEquals';
        if (!upper && !lower) continue;
        const texts = entry.keyNode.values.map(valueText);
        if (texts.length < 2 || !texts.every(isNumericValue)) continue;
        const numbers = texts.map(Number);
        const best = upper ? Math.max(...numbers) : Math.min(...numbers);
        const bestText = texts[numbers.indexOf(best)] ?? String(best);
        context.report(
          entry.keyNode.keySpan,
          `The values of '${entry.keyNode.key}' are alternatives, so with ${operator.text} only the ${upper ? 'greatest' : 'least'} one (${bestText}) matters. Replace them with that single value.`,
        );
      }
    }
  },
};
