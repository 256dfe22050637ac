// The principal types are AWS, Service, Federated and CanonicalUser, spelt exactly so.
import { replaceStringFix, suggestName } from '../elementNames';
import { PRINCIPAL_KEYS } from '../principals';
import type { Rule } from '../rule';

export const invalidPrincipalKey: Rule = {
  id: 'invalidPrincipalKey',
  defaultSeverity: 'error',
  awsCode: 'INVALID_PRINCIPAL_KEY',
  description: 'A principal type other than AWS, Service, Federated or CanonicalUser.',
  appliesTo: ['resource', 'trust', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.principal, statement.notPrincipal]) {
        for (const entry of element?.entries ?? []) {
          if ((PRINCIPAL_KEYS as readonly string[]).includes(entry.type)) continue;
          const suggestion = suggestName(entry.type, PRINCIPAL_KEYS);
          const span = entry.property.keySpan;
          context.report(
            span,
            `'${entry.type}' is not a principal type. Use AWS, Service, Federated or CanonicalUser${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
            suggestion ? { fixes: [replaceStringFix(`Rename to '${suggestion}'`, context.text, span, suggestion)] } : {},
          );
        }
      }
    }
  },
};
