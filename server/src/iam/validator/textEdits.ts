/**
 * Quick-fix edits shared by the catalog-driven rules: replace a string value (keeping the JSON quotes right), and
 * remove one entry of an array without leaving a dangling comma.
 */
import type { Fix } from '../findings';
import type { Located, StringListElement } from '../parser/policyTree';
import type { Span } from '../span';
import { appendToList, removeElementEdits } from '../textLayout';

/** A fix that replaces the whole string literal (quotes included) by `value`, JSON-quoted. */
export function replaceStringFix(title: string, located: Located<unknown>, value: string, preferred = false): Fix {
  return { title, edits: [{ span: located.span, newText: JSON.stringify(value) }], ...(preferred ? { preferred } : {}) };
}

/** "Did you mean" fixes for a string literal: the first candidate is preferred when it is the only one. */
export function didYouMeanFixes(located: Located<unknown>, candidates: readonly string[]): Fix[] {
  return candidates.map((c) => replaceStringFix(`Change to '${c}'`, located, c, candidates.length === 1));
}

/** A fix that replaces a span of raw text (e.g. part of a string without escapes) by `newText`. */
export function replaceSpanFix(title: string, span: Span, newText: string, preferred = false): Fix {
  return { title, edits: [{ span, newText }], ...(preferred ? { preferred } : {}) };
}

/**
 * Removes item `index` of an array-valued element, with its separating comma. Undefined when the element is a
 * single string or the item is its only entry (removing it would change the statement's meaning in another way).
 */
export function removeItemFix(title: string, list: StringListElement, index: number, text: string): Fix | undefined {
  if (!list.isArray || list.items.length < 2 || list.invalidItems.length > 0) return undefined;
  const edits = removeElementEdits(list.items, index, text);
  return edits && { title, edits };
}

/**
 * Adds `value` to an Action/Resource-like element, laid out like its entries (`appendToList`). Undefined when the
 * element holds something that is not a string, where an edit could not be placed safely.
 */
export function appendItemFix(title: string, list: StringListElement, value: string, text: string): Fix | undefined {
  const node = list.property.value;
  if (node === undefined || list.invalidItems.length > 0) return undefined;
  const edit = appendToList(text, node, value);
  return edit && { title, edits: [edit] };
}

/** Whether the list has `value` (compared without case, as actions are) in an entry other than `item`. */
export function listsBeside(list: StringListElement | undefined, item: Located<string>, value: string): boolean {
  return list?.items.some((other) => other !== item && other.value.toLowerCase() === value.toLowerCase()) === true;
}

/**
 * The fix for a misspelt entry of a list: rename it to `replacement`, unless the list already has that entry, in
 * which case renaming would leave a duplicate and removing the misspelt one is the fix (keeping the comments around it).
 */
export function renameEntryFix(
  title: string,
  list: StringListElement | undefined,
  item: Located<string>,
  span: Span,
  newText: string,
  replacement: string,
  preferred: boolean,
  text: string,
): Fix {
  const index = list?.items.indexOf(item) ?? -1;
  if (list && listsBeside(list, item, replacement) && index >= 0) {
    const removal = removeItemFix(`Remove '${item.value}' ('${replacement}' is already listed)`, list, index, text);
    if (removal) return preferred ? { ...removal, preferred } : removal;
  }
  return replaceSpanFix(title, span, newText, preferred);
}
