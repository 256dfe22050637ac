// Reports the parser's syntax problems: text AWS would reject before looking at a single statement.
import type { ParseProblemKind } from '../../parser/policyTree';
import type { Rule } from '../rule';

const KINDS: ReadonlySet<ParseProblemKind> = new Set(['syntax', 'notAnObject', 'empty', 'tooDeep']);

export const jsonSyntax: Rule = {
  id: 'jsonSyntax',
  defaultSeverity: 'error',
  awsCode: 'JSON_SYNTAX_ERROR',
  description: 'The text is not a well-formed JSON object, so AWS cannot read it as a policy.',
  check(context) {
    for (const problem of context.parsed.problems) {
      if (KINDS.has(problem.kind)) context.report(problem.span, problem.message);
    }
  },
};
