// `ForAllValues:Null` / `ForAnyValue:Null`: the qualifiers iterate over request values, which Null does not look at;
// AWS accepts the operator but the result is not what the author expects (Access Analyzer: always true / false).
import type { Rule } from '../rule';
import { parseConditionOperator } from '../../conditionOperators';
import { statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

export const nullWithQualifier: Rule = {
  id: 'nullWithQualifier',
  defaultSeverity: 'info',
  awsCode: 'NULL_WITH_QUALIFIER',
  description: 'The Null condition operator is used with ForAllValues or ForAnyValue.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const operatorNode of statement.condition?.operators ?? []) {
        const parsed = parseConditionOperator(operatorNode.operator);
        if (!parsed || parsed.base.category !== 'null' || !parsed.qualifier) continue;
        context.report(
          operatorNode.operatorSpan,
          `Avoid '${operatorNode.operator}': with Null, ${parsed.qualifier} makes the condition ${parsed.qualifier === 'ForAllValues' ? 'always true' : 'always false'} rather than testing the key. Use plain 'Null'.`,
          {
            fixes: [replaceSpanFix("Change to 'Null'", operatorNode.operatorSpan, '"Null"', true)],
          },
        );
      }
    }
  },
};
