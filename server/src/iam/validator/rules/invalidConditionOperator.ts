// Condition operators are spelled exactly as AWS defines them (`StringEquals`, `ForAnyValue:StringLike`,
// `ArnLikeIfExists`); anything else makes AWS reject the policy, letter case included (IAM answers `stringEquals` with
// "MalformedPolicyDocument: Invalid Condition type : stringEquals", as seen in ministryofjustice/
// modernisation-platform-environments#8893). A miscased spelling gets the canonical one as fix.
import { closestMatches } from '../../catalog/suggest';
import { allConditionOperatorSpellings, parseConditionOperator } from '../../conditionOperators';
import type { Rule } from '../rule';
import { statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

export const invalidConditionOperator: Rule = {
  id: 'invalidConditionOperator',
  defaultSeverity: 'error',
  awsCode: 'INVALID_CONDITION_OPERATOR',
  description: 'A condition operator does not exist.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const operatorNode of statement.condition?.operators ?? []) {
        const written = operatorNode.operator;
        const parsed = parseConditionOperator(written);
        if (parsed?.exactCase) continue;
        const candidates = parsed ? [parsed.canonical] : closestMatches(written, allConditionOperatorSpellings(), 3);
        const fixes = candidates.map((c) => replaceSpanFix(`Change to '${c}'`, operatorNode.operatorSpan, JSON.stringify(c), candidates.length === 1));
        const message = parsed
          ? `'${written}' must be spelled '${parsed.canonical}': condition operators are case-sensitive.`
          : `'${written}' is not a condition operator.${candidates.length > 0 ? ` Did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?` : ' Use one such as StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null.'}`;
        context.report(operatorNode.operatorSpan, message, { fixes });
      }
    }
  },
};
