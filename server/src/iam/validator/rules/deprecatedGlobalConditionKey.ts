// `aws:ARN` is not a documented key; Access Analyzer recommends aws:PrincipalArn (or aws:SourceArn for the
// resource a service acts for).
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

export const deprecatedGlobalConditionKey: Rule = {
  id: 'deprecatedGlobalConditionKey',
  defaultSeverity: 'warning',
  awsCode: 'DEPRECATED_GLOBAL_CONDITION_KEY',
  description: 'The condition key aws:ARN is deprecated.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.keyNode.key.toLowerCase() !== 'aws:arn') continue;
        context.report(
          entry.keyNode.keySpan,
          `'${entry.keyNode.key}' is deprecated and may not be evaluated. Use aws:PrincipalArn (the caller) or aws:SourceArn (the resource a service acts for).`,
          {
            fixes: [
              replaceSpanFix("Change to 'aws:PrincipalArn'", entry.keyNode.keySpan, '"aws:PrincipalArn"', true),
              replaceSpanFix("Change to 'aws:SourceArn'", entry.keyNode.keySpan, '"aws:SourceArn"'),
            ],
          },
        );
      }
    }
  },
};
