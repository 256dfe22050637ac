// Reports keys that appear twice in one object. AWS rejects such documents; editors silently keep the last value.
import type { Rule } from '../rule';

export const duplicateKey: Rule = {
  id: 'duplicateKey',
  defaultSeverity: 'error',
  description: 'The same key appears twice in one JSON object; AWS rejects the document.',
  check(context) {
    for (const problem of context.parsed.problems) {
      if (problem.kind === 'duplicateKey') context.report(problem.span, problem.message);
    }
  },
};
