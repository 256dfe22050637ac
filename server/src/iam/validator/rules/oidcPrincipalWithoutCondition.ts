// Anyone who can get a token from an OIDC provider (any GitHub repository, any Google account…) can assume a role
// that trusts the provider without a condition on the provider's claims (aud, sub).
import { conditionKeysOf } from '../conditions';
import { oidcHost, principalValues } from '../principals';
import type { Rule } from '../rule';

const GITHUB = 'token.actions.githubusercontent.com';

export const oidcPrincipalWithoutCondition: Rule = {
  id: 'oidcPrincipalWithoutCondition',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
  description: "A trust policy allows an OIDC provider without a condition on that provider's keys.",
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (statement.effect?.value !== 'Allow') continue;
      const keys = conditionKeysOf(statement).map((k) => k.key.toLowerCase());
      for (const { type, value } of principalValues(statement)) {
        if (type !== 'Federated' || !value.value.includes(':oidc-provider/')) continue;
        const host = oidcHost(value.value);
        // GitHub has its own, more specific rule (githubOidcWithoutRepoCondition).
        if (!host || host === GITHUB) continue;
        if (keys.some((key) => key.startsWith(`${host}:`))) continue;
        context.report(
          value.span,
          `Any identity that ${host} issues tokens for can assume this role. Add a condition on ${host}:aud and ${host}:sub to limit it to your application and users.`,
        );
      }
    }
  },
};
