// Federated principals assume roles: only role trust policies may name them. A resource policy grants to the role
// the federated users assume instead.
import { principalValues } from '../principals';
import type { Rule } from '../rule';

export const federatedPrincipalNotSupported: Rule = {
  id: 'federatedPrincipalNotSupported',
  defaultSeverity: 'error',
  awsCode: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
  description: 'A Federated principal in a policy type other than a role trust policy.',
  appliesTo: ['resource', 'endpoint', 'rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const seen = new Set<unknown>();
      for (const { type, element } of principalValues(statement)) {
        if (type !== 'Federated') continue;
        const entry = element.entries.find((e) => e.type === 'Federated');
        if (!entry || seen.has(entry)) continue;
        seen.add(entry);
        context.report(
          entry.property.keySpan,
          'Only role trust policies can name a Federated principal. Grant access to the role that the federated users assume (an "AWS" role ARN) instead.',
        );
      }
    }
  },
};
