// Reports characters outside what IAM accepts in policy text: TAB, LF, CR and U+0020 to U+00FF (IAM quotas page).
import type { Rule } from '../rule';

export const invalidCharacter: Rule = {
  id: 'invalidCharacter',
  defaultSeverity: 'error',
  description: 'The policy contains a character AWS does not accept (only TAB, LF, CR and U+0020 to U+00FF are allowed).',
  check(context) {
    for (const problem of context.parsed.problems) {
      if (problem.kind === 'invalidCharacter') context.report(problem.span, problem.message);
    }
  },
};
