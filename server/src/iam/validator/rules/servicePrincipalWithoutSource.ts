// A resource policy that grants to a service principal without aws:SourceArn / aws:SourceAccount lets the service act
// on behalf of any customer's resources (the confused-deputy problem).
import { conditionKeysOf } from '../conditions';
import { principalValues } from '../principals';
import type { Rule } from '../rule';

const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths']);

export const servicePrincipalWithoutSource: Rule = {
  id: 'servicePrincipalWithoutSource',
  defaultSeverity: 'warning',
  awsCode: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
  description: 'A resource policy allows a service principal without an aws:SourceArn or aws:SourceAccount condition.',
  appliesTo: ['resource'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (statement.effect?.value !== 'Allow') continue;
      if (conditionKeysOf(statement).some((k) => SOURCE_KEYS.has(k.key.toLowerCase()))) continue;
      for (const { type, value, negated } of principalValues(statement)) {
        if (type !== 'Service' || negated) continue;
        context.report(
          value.span,
          `Any resource of ${value.value} in any account could use this grant. Add a condition on aws:SourceArn or aws:SourceAccount naming your resource or account.`,
        );
      }
    }
  },
};
