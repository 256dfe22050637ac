// Completion of actions (service prefixes, then actions and wildcard patterns) and of resource ARNs.
import type { ActionInfo, Catalog } from '../catalog/types';
import { hasWildcard } from '../wildcard';
import { listValues, type Cursor } from './cursor';
import { snippetEscape, valueItem, valueTarget } from './completionItems';
import type { AssistCompletion } from './types';

/** At most this many actions are expanded when collecting a statement's ARN formats or condition keys. */
export const EXPANSION_LIMIT = 300;

export function actionCompletions(text: string, cursor: Cursor, catalog: Catalog): AssistCompletion[] {
  const target = valueTarget(text, cursor);
  const typed = cursor.string?.prefix ?? text.slice(target.replace.offset, cursor.offset).replace(/^"/, '');
  const colon = typed.indexOf(':');
  if (colon < 0) {
    const items = catalog.services().map((service) =>
      valueItem(target, service.prefix, 'service', {
        // Outside a string the quotes are written too: leave the cursor before the closing one for the actions.
        insert: target.quote ? `${service.prefix}:$0` : `${service.prefix}:`,
        snippet: target.quote,
        detail: service.name,
        retrigger: true,
      }),
    );
    items.push(valueItem(target, '*', 'pattern', { detail: 'every action of every service', sortText: '~' }));
    return items;
  }
  const servicePart = typed.slice(0, colon);
  if (hasWildcard(servicePart)) return [];
  const service = catalog.service(servicePart);
  if (service === undefined) return [];
  const prefix = service.prefix;
  const actions = catalog.actions(prefix);
  const items: AssistCompletion[] = actions.map((action) =>
    valueItem(target, `${prefix}:${action.name}`, 'action', {
      detail: action.accessLevel,
      documentation: actionSummary(action),
    }),
  );
  items.push(valueItem(target, `${prefix}:*`, 'pattern', { detail: `all ${actions.length} actions of ${service.name}`, sortText: '~0' }));
  for (const [verb, count] of verbs(actions)) {
    items.push(
      valueItem(target, `${prefix}:${verb}*`, 'pattern', {
        detail: `${count} actions starting with ${verb}`,
        sortText: `~1${verb}`,
      }),
    );
  }
  return items;
}

/** The leading verbs of a service's actions (`Get`, `List`, `Put`) that two or more actions share. */
function verbs(actions: readonly ActionInfo[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const action of actions) {
    const verb = /^[A-Z][a-z]+/.exec(action.name)?.[0];
    if (verb !== undefined) counts.set(verb, (counts.get(verb) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count >= 2);
}

export function actionSummary(action: ActionInfo): string {
  const resources = action.resourceTypes.map((r) => `\`${r.name}\`${r.required ? '*' : ''}`).join(', ');
  return `${action.description}\n\nAccess level: ${action.accessLevel}${resources ? `  \nResource types: ${resources}` : '  \nResource: `*` only'}`;
}

/** Every action the statement's Action element names (wildcards expanded, up to the limit). */
export function statementActions(cursor: Cursor, catalog: Catalog): ActionInfo[] {
  const found: ActionInfo[] = [];
  const seen = new Set<ActionInfo>();
  for (const pattern of listValues(cursor.statement, 'Action')) {
    for (const action of catalog.actionsMatching(pattern)) {
      if (found.length >= EXPANSION_LIMIT) return found;
      if (!seen.has(action)) {
        seen.add(action);
        found.push(action);
      }
    }
  }
  return found;
}

/** Resource ARN snippets from the ARN formats of the resource types the statement's actions act on. */
export function resourceCompletions(text: string, cursor: Cursor, catalog: Catalog): AssistCompletion[] {
  const target = valueTarget(text, cursor);
  const typed = cursor.string?.prefix ?? '';
  const items: AssistCompletion[] = [valueItem(target, '*', 'arn', { detail: 'every resource', sortText: '~' })];
  const seen = new Set<string>();
  for (const action of statementActions(cursor, catalog)) {
    for (const ref of action.resourceTypes) {
      const type = catalog.resourceType(action.service, ref.name);
      for (const format of type?.arnFormats ?? []) {
        if (seen.has(format)) continue;
        seen.add(format);
        items.push(
          valueItem(target, format, 'arn', {
            insert: arnSnippet(format),
            snippet: true,
            // What the user types is a real ARN (`arn:aws:s3:::reports/…`), not the placeholder spelling: while the
            // typed text can still grow into this format, filter on the typed text itself so the item stays.
            filter: typedFits(typed, format) ? typed : format.replace('${Partition}', 'aws'),
            detail: `${action.service} ${ref.name}`,
            documentation: `ARN of a ${action.service} \`${ref.name}\`, used by ${action.service}:${action.name}.`,
          }),
        );
      }
    }
  }
  return items;
}

/**
 * True when `typed` is the beginning of some ARN of this format. A placeholder stands for any run of characters
 * without `:` (partitions, regions, accounts and names never hold one), so `arn:aws:s3:::rep` fits the S3 formats
 * and not the DynamoDB ones. Runs the format as a small automaton over the typed characters.
 */
export function typedFits(typed: string, format: string): boolean {
  if (typed === '') return false;
  const tokens: (string | null)[] = [];
  for (const piece of format.split(/(\$\{[^}]*\})/)) {
    if (piece.startsWith('${')) tokens.push(null);
    else for (const c of piece) tokens.push(c);
  }
  const close = (states: Set<number>): Set<number> => {
    for (const state of [...states]) for (let i = state; i < tokens.length && tokens[i] === null; i++) states.add(i + 1);
    return states;
  };
  let states = close(new Set([0]));
  for (const c of typed) {
    const next = new Set<number>();
    for (const state of states) {
      const token = tokens[state];
      if (token === null && c !== ':') next.add(state);
      else if (token === c) next.add(state + 1);
    }
    if (next.size === 0) return false;
    states = close(next);
  }
  return true;
}

/** `arn:${Partition}:s3:::${BucketName}` → `arn:${1:aws}:s3:::${2:BucketName}`, literal text escaped. */
export function arnSnippet(format: string): string {
  let out = '';
  let index = 0;
  let last = 0;
  for (const match of format.matchAll(/\$\{([^}]*)\}/g)) {
    out += snippetEscape(format.slice(last, match.index));
    const name = match[1] ?? '';
    index++;
    out += `\${${index}:${name === 'Partition' ? 'aws' : snippetEscape(name)}}`;
    last = match.index + match[0].length;
  }
  return out + snippetEscape(format.slice(last));
}
