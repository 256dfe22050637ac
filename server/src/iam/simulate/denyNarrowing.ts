/**
 * Fixes for a request a Deny refuses without a condition: no request context changes that, so the fix is an edit of
 * the Deny, the narrowest first (counterfactuals.ts keeps the first of them that changes the decision): the request's
 * action taken out of the Action list (every copy of it) or added to a NotAction, its resource taken out of the
 * Resource list or added to a NotResource; then the patterns in those lists that match it taken out; then the whole
 * statement, from a policy that has others. A fix that stops denying more than the request says what.
 */
import type { EvaluationResult, StatementTrace } from '../evaluator/types';
import { fileSpan, statementLabel, type FileEdit } from '../explain';
import type { TextEdit } from '../findings';
import type { StatementNode, StringListElement } from '../parser';
import { appendToList, removeElementsEdits } from '../textLayout';
import { hasWildcard, matchesWildcard } from '../wildcard';
import type { Candidate, PolicyOf } from './candidate';
import { guardrailCaveat } from './guardrailCaveat';

export function denyNarrowing(result: EvaluationResult, statement: StatementTrace, policyOf: PolicyOf): Candidate[] {
  const source = statement.source;
  const parsed = policyOf(source);
  const document = parsed?.document;
  const node = document?.statements[statement.statementIndex];
  if (!parsed || !document || !node || source.file === undefined || source.decoded) return [];
  const file = source.file;
  const text = parsed.text;
  const label = statementLabel(statement);
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
  /** The items of `list` that `matches` takes out, each copy, as one fix; `lifted` says what else stops being denied. */
  const without = (list: StringListElement | undefined, element: string, matches: (value: string) => boolean, lifted: (values: string[]) => string) => {
    if (!list?.isArray || list.invalidItems.length > 0) return undefined;
    const indices = list.items.flatMap((item, index) => (matches(item.value) ? [index] : []));
    const values = [...new Set(indices.map((index) => list.items[index]?.value as string))];
    if (values.length === 0) return undefined;
    return candidate(`Remove ${values.join(' and ')} from the ${element} of ${label}${lifted(values)}`, removeElementsEdits(list.items, indices, text));
  };
  const added = (list: StringListElement | undefined, element: string, value: string) => {
    const target = list?.invalidItems.length === 0 ? list.property.value : undefined;
    const edit = target && appendToList(text, target, value);
    return edit ? candidate(`Add ${value} to the ${element} of ${label}`, [edit]) : undefined;
  };
  const { action, resource } = result.request;
  const patternOf = (caseInsensitive: boolean, value: string) => (item: string) => hasWildcard(item) && matchesWildcard(item, value, { caseInsensitive });
  const others = document.statementIsArray && document.statements.length > 1 && document.invalidStatements.length === 0;
  return [
    without(
      node.action,
      'Action',
      (item) => item.toLowerCase() === action.toLowerCase(),
      () => '',
    ),
    added(node.notAction, 'NotAction', action),
    without(
      node.resource,
      'Resource',
      (item) => item === resource,
      () => '',
    ),
    added(node.notResource, 'NotResource', resource),
    without(node.action, 'Action', patternOf(true, action), (patterns) => ` (it then denies no action ${patterns.join(' or ')} matches)`),
    without(node.resource, 'Resource', patternOf(false, resource), (patterns) => ` (it then denies nothing on what ${patterns.join(' or ')} matches)`),
    others
      ? candidate(
          `Remove ${label} (it denies ${denied(node)}: none of that would be denied any more)`,
          removeElementsEdits(document.statements, [statement.statementIndex], text),
        )
      : undefined,
  ].filter((c): c is Candidate => c !== undefined);
}

/** What a Deny statement denies, in a few words: `s3:Delete*, iam:* and 1 more on *`. */
function denied(node: StatementNode): string {
  const few = (values: readonly string[]) => (values.length > 3 ? `${values.slice(0, 3).join(', ')} and ${values.length - 3} more` : values.join(', '));
  const actions = node.action
    ? few(node.action.items.map((item) => item.value))
    : node.notAction
      ? `every action but ${few(node.notAction.items.map((item) => item.value))}`
      : 'no action';
  const resources = node.resource
    ? few(node.resource.items.map((item) => item.value))
    : node.notResource
      ? `every resource but ${few(node.notResource.items.map((item) => item.value))}`
      : 'every resource';
  return `${actions} on ${resources}`;
}
