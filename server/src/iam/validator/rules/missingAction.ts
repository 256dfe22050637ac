// Every statement of every policy type names its actions with Action or NotAction.
import { hasKey, statementLabel, statementStart } from '../documentUtils';
import type { Rule } from '../rule';

export const missingAction: Rule = {
  id: 'missingAction',
  defaultSeverity: 'error',
  awsCode: 'MISSING_ACTION',
  description: 'A statement has neither an Action nor a NotAction element.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (hasKey(statement, 'Action') || hasKey(statement, 'NotAction')) continue;
      context.report(
        statementStart(statement),
        `${statementLabel(statement)} has no Action or NotAction. Add the actions it allows or denies, e.g. "Action": "s3:GetObject".`,
      );
    }
  },
};
