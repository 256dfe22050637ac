// Reports comments. Our editor accepts them while typing (JSONC), but AWS accepts only plain JSON.
import type { Rule } from '../rule';

export const jsonComment: Rule = {
  id: 'jsonComment',
  defaultSeverity: 'error',
  awsCode: 'JSON_SYNTAX_ERROR',
  description: 'Comments are not JSON; AWS rejects a policy that contains them.',
  check(context) {
    for (const problem of context.parsed.problems) {
      if (problem.kind !== 'comment') continue;
      context.report(problem.span, 'AWS does not accept comments in policy documents. Remove the comment before uploading.', {
        fixes: [{ title: 'Remove the comment', edits: [{ span: problem.span, newText: '' }] }],
      });
    }
  },
};
