// `Null` already tests whether a key exists, so AWS rejects `NullIfExists`.
import type { Rule } from '../rule';
import { parseConditionOperator } from '../../conditionOperators';
import { statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

export const nullWithIfExists: Rule = {
  id: 'nullWithIfExists',
  defaultSeverity: 'error',
  awsCode: 'NULL_WITH_IF_EXISTS',
  description: 'The Null condition operator is used with the IfExists suffix.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const operatorNode of statement.condition?.operators ?? []) {
        const parsed = parseConditionOperator(operatorNode.operator);
        if (!parsed || parsed.base.category !== 'null' || !parsed.ifExists) continue;
        const fixed = `${parsed.qualifier ? `${parsed.qualifier}:` : ''}Null`;
        context.report(
          operatorNode.operatorSpan,
          `'${operatorNode.operator}' is not valid: Null already checks whether the key exists, so it takes no IfExists suffix. Use '${fixed}'.`,
          {
            fixes: [replaceSpanFix(`Change to '${fixed}'`, operatorNode.operatorSpan, JSON.stringify(fixed), true)],
          },
        );
      }
    }
  },
};
