/**
 * Fixes for a request a Deny refuses without a condition: no request context changes that, so the fix is an edit of
 * the Deny. Tried in order, the first that changes the decision kept: the request's action taken out of an Action
 * list that names it beside others, its resource out of a Resource list, and the whole statement out of a policy that
 * has others. Each is only a candidate until it is evaluated again (counterfactuals.ts).
 */
import type { EvaluationResult, StatementTrace } from '../evaluator/types';
import { fileSpan, statementLabel, type FileEdit } from '../explain';
import type { TextEdit } from '../findings';
import type { StringListElement } from '../parser';
import { removeElementEdits } from '../textLayout';
import type { Candidate, PolicyOf } from './candidate';
import { guardrailCaveat } from './guardrailCaveat';

export function denyNarrowing(result: EvaluationResult, statement: StatementTrace, policyOf: PolicyOf): Candidate[] {
  const source = statement.source;
  const parsed = policyOf(source);
  const document = parsed?.document;
  const node = document?.statements[statement.statementIndex];
  if (!parsed || !document || !node || source.file === undefined || source.decoded) return [];
  const file = source.file;
  const caveat = guardrailCaveat(source);
  const candidate = (title: string, edits: readonly TextEdit[] | undefined): Candidate | undefined => {
    if (!edits || edits.length === 0) return undefined;
    const mapped: FileEdit[] = [];
    for (const edit of edits) {
      const span = fileSpan(source, edit.span);
      if (!span) return undefined;
      mapped.push({ file, span, newText: edit.newText });
    }
    return { title: `${title}${caveat}`, kind: 'edit', edits: mapped, context: {} };
  };
  const withoutItem = (list: StringListElement | undefined, value: string, element: string) => {
    const index =
      list?.isArray === true && list.invalidItems.length === 0 ? list.items.findIndex((item) => item.value.toLowerCase() === value.toLowerCase()) : -1;
    return index < 0 || (list?.items.length ?? 0) < 2
      ? undefined
      : candidate(`Remove ${value} from the ${element} of ${statementLabel(statement)}`, removeElementEdits(list?.items ?? [], index, parsed.text));
  };
  const others = document.statementIsArray && document.statements.length > 1 && document.invalidStatements.length === 0;
  return [
    withoutItem(node.action, result.request.action, 'Action'),
    withoutItem(node.resource, result.request.resource, 'Resource'),
    others ? candidate(`Remove ${statementLabel(statement)}`, removeElementEdits(document.statements, statement.statementIndex, parsed.text)) : undefined,
  ].filter((c): c is Candidate => c !== undefined);
}
