// "You cannot use a wildcard to match part of a principal name or ARN" (Principal element page). The only wildcard
// AWS accepts is the whole value "*" for an AWS principal (everyone). Trust policies have their own rule for "*".
import { principalValues } from '../principals';
import type { Rule } from '../rule';

export const principalWildcard: Rule = {
  id: 'principalWildcard',
  defaultSeverity: 'error',
  awsCode: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  description: 'A wildcard (* or ?) inside a principal value, where AWS does not match patterns.',
  appliesTo: ['resource', 'trust', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const { type, value } of principalValues(statement)) {
        const v = value.value;
        if (!v.includes('*') && !v.includes('?')) continue;
        if (v === '*' && (type === 'AWS' || type === '*')) continue;
        context.report(
          value.span,
          `Wildcards are not supported in ${type === '*' ? 'Principal' : `${type} principal`} values ('${v}'). Name the principal exactly, or use "AWS": "*" with a condition such as aws:PrincipalArn (which does support ArnLike patterns).`,
        );
      }
    }
  },
};
