/**
 * The builders every completer shares: where a value or a property name goes (`valueTarget`, `propertyTarget`) and
 * the completion item it becomes. Kept apart from completion.ts, which calls the completers, so that they depend on
 * these builders and not on it.
 */
import type { Span } from '../span';
import type { StringToken, Cursor } from './cursor';
import type { AssistCompletion, CompletionKind } from './types';

/** The span a value completion replaces and whether quotes must be written around it. */
export interface ValueTarget {
  readonly replace: Span;
  readonly quote: boolean;
  /** Text to append after the value (a closing quote for an unterminated string). */
  readonly suffix: string;
}

/** Inside a string: replace its content; elsewhere: insert a quoted value at the cursor (over a bare word). */
export function valueTarget(text: string, cursor: Cursor): ValueTarget {
  const token = cursor.string;
  if (token !== undefined) return stringTarget(token);
  let start = cursor.offset;
  while (start > 0 && /[A-Za-z0-9_*-]/.test(text.charAt(start - 1))) start--;
  return { replace: { offset: start, length: cursor.offset - start }, quote: true, suffix: '' };
}

function stringTarget(token: StringToken): ValueTarget {
  return {
    replace: { offset: token.contentStart, length: token.contentEnd - token.contentStart },
    quote: false,
    suffix: token.terminated ? '' : '"',
  };
}

/** Builds one value completion for a target; `snippet` text must already be escaped by the caller. */
export function valueItem(
  target: ValueTarget,
  label: string,
  kind: CompletionKind,
  extra: { detail?: string; documentation?: string; insert?: string; snippet?: boolean; sortText?: string; retrigger?: boolean; filter?: string } = {},
): AssistCompletion {
  const value = extra.insert ?? label;
  const filter = extra.filter ?? label;
  const insertText = target.quote ? `"${value}"` : value + target.suffix;
  return {
    label,
    kind,
    insertText,
    snippet: extra.snippet ?? false,
    replace: target.replace,
    filterText: target.quote ? `"${filter}"` : filter,
    ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
    ...(extra.documentation !== undefined ? { documentation: extra.documentation } : {}),
    ...(extra.sortText !== undefined ? { sortText: extra.sortText } : {}),
    ...(extra.retrigger === true ? { retrigger: true } : {}),
  };
}

/** Where a property-name completion goes: the name only (a colon follows) or the whole `"name": value`. */
export interface PropertyTarget {
  readonly replace: Span;
  readonly full: boolean;
  readonly comma: string;
  readonly quoted: boolean;
}

export function propertyTarget(text: string, cursor: Cursor): PropertyTarget {
  const token = cursor.string;
  if (token === undefined) {
    const comma = /["{]/.test(nextSignificant(text, cursor.offset)) ? ',' : '';
    return { replace: { offset: cursor.offset, length: 0 }, full: true, comma, quoted: false };
  }
  const after = token.terminated ? token.span.offset + token.span.length : cursor.offset;
  const full = !token.terminated || nextSignificant(text, after) !== ':';
  const comma = full && /["{]/.test(nextSignificant(text, after)) ? ',' : '';
  const replace = full
    ? { offset: token.span.offset, length: after - token.span.offset }
    : { offset: token.contentStart, length: token.contentEnd - token.contentStart };
  return { replace, full, comma, quoted: true };
}

/** A property-name completion; `valueSnippet` is what follows the colon when the whole property is written. */
export function propertyItem(
  target: PropertyTarget,
  label: string,
  kind: CompletionKind,
  valueSnippet: string,
  extra: { detail?: string; documentation?: string; sortText?: string; nameSnippet?: string } = {},
): AssistCompletion {
  const name = extra.nameSnippet ?? snippetEscape(label);
  return {
    label,
    kind,
    insertText: target.full ? `"${name}": ${valueSnippet}${target.comma}` : name,
    snippet: true,
    replace: target.replace,
    filterText: target.full && target.quoted ? `"${label}"` : label,
    ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
    ...(extra.documentation !== undefined ? { documentation: extra.documentation } : {}),
    ...(extra.sortText !== undefined ? { sortText: extra.sortText } : {}),
  };
}

/** Escapes text for a snippet body: `$`, `}` and `\` are special there. */
export function snippetEscape(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function nextSignificant(text: string, from: number): string {
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return '';
}
