// Trusting GitHub's OIDC provider without a condition on token.actions.githubusercontent.com:sub lets every GitHub
// repository's workflows assume the role.
import { conditionKeysOf } from '../conditions';
import { oidcHost, principalValues } from '../principals';
import type { Rule } from '../rule';

const GITHUB = 'token.actions.githubusercontent.com';

export const githubOidcWithoutRepoCondition: Rule = {
  id: 'githubOidcWithoutRepoCondition',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_GITHUB_REPO_CONDITION_KEY',
  description: 'A trust policy allows GitHub Actions OIDC without a condition on the repository (…githubusercontent.com:sub).',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (statement.effect?.value !== 'Allow') continue;
      const hasSub = conditionKeysOf(statement).some((k) => k.key.toLowerCase() === `${GITHUB}:sub`);
      if (hasSub) continue;
      for (const { type, value } of principalValues(statement)) {
        if (type !== 'Federated' || oidcHost(value.value) !== GITHUB) continue;
        context.report(
          value.span,
          `Every GitHub repository's workflows can assume this role. Add a condition on ${GITHUB}:sub, e.g. "StringLike": { "${GITHUB}:sub": "repo:my-org/my-repo:ref:refs/heads/main" }.`,
        );
      }
    }
  },
};
