// In a trust policy a Federated principal is a SAML provider ARN, an OIDC provider ARN, or a web identity domain.
import { federatedKind, principalValues } from '../principals';
import type { Rule } from '../rule';

export const invalidFederatedPrincipal: Rule = {
  id: 'invalidFederatedPrincipal',
  defaultSeverity: 'error',
  awsCode: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
  description: 'A Federated principal in a trust policy that is neither a SAML/OIDC provider ARN nor a provider domain.',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const { type, value } of principalValues(statement)) {
        if (type !== 'Federated' || value.value.includes('*') || federatedKind(value.value) !== 'invalid') continue;
        context.report(
          value.span,
          `'${value.value}' is not a federated principal. Use a provider ARN (arn:aws:iam::111122223333:saml-provider/NAME or …:oidc-provider/HOST) or a provider domain such as cognito-identity.amazonaws.com.`,
        );
      }
    }
  },
};
