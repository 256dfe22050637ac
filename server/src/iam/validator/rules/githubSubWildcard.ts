// A wildcard in the GitHub OIDC `sub` condition widens who can assume the role: "repo:my-org/*" trusts every
// repository of the organisation, "repo:my-org/app:*" every branch, tag, pull request and environment.
import { conditionKeysOf } from '../conditions';
import type { Rule } from '../rule';

const SUB = 'token.actions.githubusercontent.com:sub';

export const githubSubWildcard: Rule = {
  id: 'githubSubWildcard',
  defaultSeverity: 'warning',
  awsCode: 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED',
  description: 'A wildcard in the token.actions.githubusercontent.com:sub condition of a trust policy.',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (statement.effect?.value !== 'Allow') continue;
      for (const key of conditionKeysOf(statement)) {
        if (key.key.toLowerCase() !== SUB) continue;
        for (const value of key.values) {
          if (typeof value.value !== 'string' || !/[*?]/.test(value.value)) continue;
          context.report(
            value.span,
            `'${value.value}' lets more repositories or branches assume this role than you may intend. Name the repository and branch or environment, e.g. "repo:my-org/my-repo:ref:refs/heads/main".`,
          );
        }
      }
    }
  },
};
