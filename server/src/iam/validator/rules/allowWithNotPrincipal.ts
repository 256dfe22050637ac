// "Allow" with NotPrincipal grants the statement to everyone except the listed principals, anonymous users included.
import type { Rule } from '../rule';

export const allowWithNotPrincipal: Rule = {
  id: 'allowWithNotPrincipal',
  defaultSeverity: 'warning',
  awsCode: 'ALLOW_WITH_NOTPRINCIPAL',
  description: 'A statement allows with NotPrincipal, which grants access to every principal not listed, anonymous ones included.',
  appliesTo: ['resource', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (!statement.notPrincipal || statement.effect?.value !== 'Allow') continue;
      context.report(
        statement.notPrincipal.property.keySpan,
        'Allow with NotPrincipal grants access to everyone except the listed principals, including anonymous users. Use Principal to name who is allowed (NotPrincipal is meant for Deny).',
      );
    }
  },
};
