// Policy variables are resolved only in the values of String, ARN and Bool operators. With Numeric, Date, IP,
// Binary or Null operators `${aws:username}` stays literal text, which never matches.
// Bool: the AWS pages disagree (operators page: variables allowed with Bool; variables page: not). We follow the
// condition-operators page, the more specific reference, and do not report Bool (pinned by a test case).
import type { Rule } from '../rule';
import { conditionEntries, hasPolicyVariable, statementsOf, valueText } from '../statementFacts';

export const invalidVariableForOperator: Rule = {
  id: 'invalidVariableForOperator',
  defaultSeverity: 'error',
  awsCode: 'INVALID_VARIABLE_FOR_OPERATOR',
  description: 'A policy variable is used with an operator that does not support variables.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (!operator || operator.base.policyVariables) continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (!hasPolicyVariable(value)) continue;
          context.report(
            located.span,
            `${operator.text} does not resolve policy variables, so '${value}' is compared as literal text. Policy variables work only with String, ARN and Bool operators.`,
          );
        }
      }
    }
  },
};
