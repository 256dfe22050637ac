/**
 * Refactorings of Action/NotAction lists: expand a wildcard into the actions it matches, collapse listed actions into
 * wildcards where the wildcard matches exactly those actions (with today's catalog), and sort and de-duplicate.
 * Each returns the edit that rewrites the element's value, or undefined when there is nothing to do.
 */
import type { ActionInfo, Catalog } from '../catalog/types';
import type { TextEdit } from '../findings';
import type { Located, StatementNode, StringListElement } from '../parser/policyTree';
import { commentsIn, eolOf } from '../textLayout';
import { hasWildcard } from '../wildcard';

/** At most this many actions are written by an expansion; `*` alone would write thousands. */
export const MAX_EXPANSION = 500;

export function actionElements(statement: StatementNode): StringListElement[] {
  return [statement.action, statement.notAction].filter((e): e is StringListElement => e !== undefined);
}

/**
 * Rewrites a list element's value with `values`, keeping the indentation and line ending of the surrounding text.
 * Comments inside the old value are kept, at the top of the new list (the entries they sat next to may have moved).
 */
export function rewriteList(text: string, element: StringListElement, values: readonly string[]): TextEdit | undefined {
  const value = element.property.value;
  if (value === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', element.property.keySpan.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const unit = indent.includes('\t') ? '\t' : text.includes('\n    ') && !text.includes('\n  "') ? '    ' : '  ';
  const eol = eolOf(text);
  const comments = commentsIn(text.slice(value.offset, value.offset + value.length));
  const quoted = values.map((v) => JSON.stringify(v));
  const lines = [...comments.map((c) => `${indent}${unit}${c}`), ...quoted.map((q, i) => `${indent}${unit}${q}${i < quoted.length - 1 ? ',' : ''}`)];
  const newText = values.length === 1 && !element.isArray && comments.length === 0 ? (quoted[0] ?? '""') : `[${eol}${lines.join(eol)}${eol}${indent}]`;
  return { span: { offset: value.offset, length: value.length }, newText };
}

/** Expands the wildcard item into the actions it matches (canonical spelling), in place. */
export function expandWildcard(
  text: string,
  element: StringListElement,
  item: Located<string>,
  catalog: Catalog,
): { edit: TextEdit; count: number } | undefined {
  if (!hasWildcard(item.value)) return undefined;
  const matches = catalog.actionsMatching(item.value);
  if (matches.length === 0 || matches.length > MAX_EXPANSION) return undefined;
  const expanded = matches.map((a) => `${a.service}:${a.name}`);
  const values: string[] = [];
  for (const other of element.items) {
    if (other === item) values.push(...expanded);
    else values.push(other.value);
  }
  const edit = rewriteList(text, { ...element, isArray: true }, values);
  return edit === undefined ? undefined : { edit, count: matches.length };
}

/** Sorts (case-insensitively) and removes exact and case-only duplicates; undefined when already so. */
export function sortAndDeduplicate(text: string, element: StringListElement): TextEdit | undefined {
  const seen = new Set<string>();
  const values: string[] = [];
  for (const item of element.items) {
    const key = item.value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(item.value);
  }
  values.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));
  const current = element.items.map((i) => i.value);
  if (current.length === values.length && current.every((v, i) => v === values[i])) return undefined;
  if (element.invalidItems.length > 0) return undefined;
  return rewriteList(text, element, values);
}

/**
 * Replaces groups of listed actions with a wildcard that matches exactly that group today (`s3:GetObject`,
 * `s3:GetObjectAcl`, … → `s3:GetObject*` when those are all the actions starting so). Wildcards match actions AWS
 * adds later too, so this is equivalent only with the current catalog; the title says so.
 */
export function collapseActions(text: string, element: StringListElement, catalog: Catalog): { edit: TextEdit; patterns: string[] } | undefined {
  const listed = new Map<string, ActionInfo>();
  for (const item of element.items) {
    if (hasWildcard(item.value)) continue;
    const match = catalog.actionsMatching(item.value)[0];
    if (match !== undefined) listed.set(`${match.service}:${match.name}`.toLowerCase(), match);
  }
  const candidates: { pattern: string; members: string[] }[] = [];
  const tried = new Set<string>();
  for (const action of listed.values()) {
    const all = catalog.actions(action.service);
    const prefixes = [''];
    for (let i = 1; i < action.name.length; i++) if (/[A-Z]/.test(action.name.charAt(i))) prefixes.push(action.name.slice(0, i));
    for (const prefix of prefixes) {
      const pattern = `${action.service}:${prefix}*`;
      if (tried.has(pattern)) continue;
      tried.add(pattern);
      const members = all.filter((a) => a.name.startsWith(prefix)).map((a) => `${a.service}:${a.name}`.toLowerCase());
      if (members.length >= 2 && members.every((m) => listed.has(m))) candidates.push({ pattern, members });
    }
  }
  candidates.sort((a, b) => b.members.length - a.members.length);
  const covered = new Set<string>();
  const chosen: { pattern: string; members: string[] }[] = [];
  for (const candidate of candidates) {
    if (candidate.members.some((m) => covered.has(m))) continue;
    chosen.push(candidate);
    for (const m of candidate.members) covered.add(m);
  }
  if (chosen.length === 0) return undefined;
  const values: string[] = [];
  const written = new Set<string>();
  for (const item of element.items) {
    const key = catalog.actionsMatching(item.value)[0] && !hasWildcard(item.value) ? keyOf(item.value, catalog) : undefined;
    const group = key === undefined ? undefined : chosen.find((c) => c.members.includes(key));
    const value = group?.pattern ?? item.value;
    if (written.has(value)) continue;
    written.add(value);
    values.push(value);
  }
  const edit = rewriteList(text, element, values);
  return edit === undefined ? undefined : { edit, patterns: chosen.map((c) => c.pattern) };
}

function keyOf(value: string, catalog: Catalog): string | undefined {
  const match = catalog.actionsMatching(value)[0];
  return match === undefined ? undefined : `${match.service}:${match.name}`.toLowerCase();
}
