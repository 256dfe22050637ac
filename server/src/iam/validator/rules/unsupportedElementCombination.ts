// A statement names its actions, resources and principals either positively or negatively, never both ways.
import type { StatementNode } from '../../parser/policyTree';
import { statementLabel } from '../documentUtils';
import type { Rule } from '../rule';

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export const unsupportedElementCombination: Rule = {
  id: 'unsupportedElementCombination',
  defaultSeverity: 'error',
  awsCode: 'UNSUPPORTED_ELEMENT_COMBINATION',
  description: 'A statement has both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const [positive, negative] of PAIRS) {
        const second = laterOf(statement, positive, negative);
        if (!second) continue;
        context.report(
          second.keySpan,
          `${statementLabel(statement)} has both ${positive} and ${negative}; AWS accepts only one of them in a statement. Remove one, or split the statement in two.`,
        );
      }
    }
  },
};

/** The one of the two elements written last (the finding goes there), when both are present. */
function laterOf(statement: StatementNode, a: string, b: string) {
  const first = statement.properties.find((p) => p.key === a);
  const second = statement.properties.find((p) => p.key === b);
  if (!first || !second) return undefined;
  return first.span.offset > second.span.offset ? first : second;
}
