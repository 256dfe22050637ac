// When an IAM user or role named in a policy is deleted, AWS replaces its ARN with the entity's unique ID
// (AIDA… for users, AROA… for roles). A re-created entity with the same name does not match that ID.
import { principalValues, UNIQUE_ID } from '../principals';
import type { Rule } from '../rule';

export const principalUniqueId: Rule = {
  id: 'principalUniqueId',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_ROLE_REFERENCE',
  description: 'A principal given as an IAM unique ID (AIDA…/AROA…), usually left behind by a deleted user or role.',
  appliesTo: ['resource', 'trust', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const { type, value } of principalValues(statement)) {
        if (type !== 'AWS' || !UNIQUE_ID.test(value.value)) continue;
        const isUser = value.value.startsWith('AIDA');
        const what = isUser ? 'user' : value.value.startsWith('AROA') ? 'role' : 'IAM entity';
        context.report(
          value.span,
          `'${value.value}' is the unique ID of an IAM ${what}, which AWS shows when the ${what} was deleted. A new ${what} with the same name will not match it: use the ${what}'s ARN instead.`,
          isUser ? { awsCode: 'INVALID_USER_REFERENCE' } : {},
        );
      }
    }
  },
};
