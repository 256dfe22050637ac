// Completion of policy variables after `${` inside a Resource or Condition value.
import type { Cursor } from './cursor';
import { POLICY_VARIABLES, SPECIAL_VARIABLES } from './knownValues';
import { snippetEscape } from './completionItems';
import type { AssistCompletion, AssistEnvironment } from './types';

/**
 * Returns the variable completions when the cursor is inside `${…` of a string in a Resource, NotResource or
 * Condition value; undefined when it is not (so other completions apply).
 */
export function variableCompletions(text: string, cursor: Cursor, env: AssistEnvironment): AssistCompletion[] | undefined {
  const token = cursor.string;
  if (token === undefined) return undefined;
  const kind = cursor.slot.kind;
  if (kind !== 'resource' && kind !== 'conditionValue') return undefined;
  const open = token.prefix.lastIndexOf('${');
  if (open < 0 || token.prefix.indexOf('}', open) >= 0) return undefined;
  const start = token.contentStart + open + 2;
  // Replace up to an existing closing brace in the same string, or just the typed part.
  const rest = text.slice(cursor.offset, token.contentEnd);
  const close = rest.indexOf('}');
  const end = close >= 0 ? cursor.offset + close + 1 : cursor.offset;
  const replace = { offset: start, length: end - start };
  const items: AssistCompletion[] = [];
  for (const name of POLICY_VARIABLES) {
    const placeholder = /\$\{([^}]*)\}/.exec(name);
    const insert = placeholder !== null ? `${snippetEscape(name.slice(0, placeholder.index))}\${1:${placeholder[1] ?? ''}}\\}` : `${snippetEscape(name)}\\}`;
    const info = env.catalog.conditionKey(name);
    items.push({
      label: name,
      kind: 'variable',
      insertText: insert,
      snippet: true,
      replace,
      filterText: name,
      ...(info !== undefined ? { detail: info.type, documentation: info.description } : { detail: 'policy variable' }),
    });
  }
  for (const special of SPECIAL_VARIABLES) {
    items.push({
      label: special.name,
      kind: 'variable',
      insertText: `${snippetEscape(special.name)}\\}`,
      snippet: true,
      replace,
      filterText: special.name,
      detail: 'special character',
      documentation: special.description,
    });
  }
  return items;
}
