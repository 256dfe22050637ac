// Every statement needs an Effect: AWS does not default it to Allow or Deny.
import { hasKey, statementLabel, statementStart } from '../documentUtils';
import type { Rule } from '../rule';

export const missingEffect: Rule = {
  id: 'missingEffect',
  defaultSeverity: 'error',
  awsCode: 'MISSING_EFFECT',
  description: 'A statement has no Effect element.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (hasKey(statement, 'Effect')) continue;
      context.report(statementStart(statement), `${statementLabel(statement)} has no Effect. Add "Effect": "Allow" or "Effect": "Deny".`);
    }
  },
};
