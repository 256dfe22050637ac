/**
 * What an edit must copy from the file it changes: the line ending and where the comments are. Quick fixes,
 * refactorings and "Save as test" write new lines; a CRLF file gets CRLF lines, and a comment the user wrote is never
 * part of the text an edit replaces.
 */
import { createScanner, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';
import type { TextEdit } from './findings';
import type { Span } from './span';

/** The file's line ending: the first one it uses, `\n` when it has none. */
export function eolOf(text: string): '\r\n' | '\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** The line ending just before the line that starts at `lineStart` (the first line: `\n`). */
export function eolBefore(text: string, lineStart: number): '\r\n' | '\n' {
  return text.charCodeAt(lineStart - 2) === 13 ? '\r\n' : '\n';
}

/** The white space that starts the line `offset` is on, when nothing else comes before `offset` on it; else undefined. */
export function indentationBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The comments in `text` (a slice of JSONC), in order, as written. */
export function commentsIn(text: string): string[] {
  const found: string[] = [];
  if (!text.includes('/')) return found;
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) found.push(scanner.getTokenValue());
  }
  return found;
}

/** The offset (within `text`) of the first comma outside comments, or -1. */
export function commaIn(text: string): number {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.CommaToken) return scanner.getTokenOffset();
  }
  return -1;
}

/**
 * The edit that adds `value` to a policy element written as a string or a list of strings, in the document's own
 * text: a string becomes a two-item list, a list gets one more item laid out like the items it has (on its own line
 * with the same indentation when the list is written one item a line). Undefined for anything else.
 */
export function appendToList(text: string, node: JsonNode, value: string): { span: Span; newText: string } | undefined {
  const quoted = JSON.stringify(value);
  if (node.type === 'string') {
    const old = text.slice(node.offset, node.offset + node.length);
    return { span: { offset: node.offset, length: node.length }, newText: `[${old}, ${quoted}]` };
  }
  return appendItem(text, node, quoted);
}

/**
 * The edit that adds an item (its JSON text) after the last item of a JSON array, or a property after the last one of
 * an object, laid out like the ones it has: on a line of its own with their indentation when they are written one a
 * line, else after a comma and a space. Undefined when `node` is neither.
 */
export function appendItem(text: string, node: JsonNode, item: string): { span: Span; newText: string } | undefined {
  if (node.type !== 'array' && node.type !== 'object') return undefined;
  const items = node.children ?? [];
  const last = items[items.length - 1];
  if (!last) return { span: { offset: node.offset, length: node.length }, newText: node.type === 'array' ? `[${item}]` : `{ ${item} }` };
  const end = last.offset + last.length;
  const first = items[0] as JsonNode;
  const multiline = text.slice(node.offset, first.offset).includes('\n');
  if (!multiline) return { span: { offset: end, length: 0 }, newText: `, ${item}` };
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))?.[0] ?? '';
  return { span: { offset: end, length: 0 }, newText: `,${eolBefore(text, lineStart)}${indent}${item}` };
}

/**
 * A JSON object of `entries` (string values) laid out like the object `like` spans in `text`: one property a line at
 * the indentation of its first property and the closing brace at its own, when it is written on several lines; else
 * on one line, with spaces inside the braces when it has them.
 */
export function objectLike(text: string, like: Span, entries: readonly (readonly [string, string])[]): string {
  const written = text.slice(like.offset, like.offset + like.length);
  if (!written.includes('\n')) return oneLineObject(entries, written.startsWith('{ '));
  const properties = entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const end = like.offset + like.length - 1;
  const closing = indentationBefore(text, end) ?? '';
  const firstProperty = like.offset + 1 + (/^\s*/.exec(written.slice(1))?.[0].length ?? 0);
  const inner = indentationBefore(text, firstProperty) ?? `${closing}  `;
  const eol = eolBefore(text, text.lastIndexOf('\n', end) + 1);
  return `{${eol}${properties.map((p) => `${inner}${p}`).join(`,${eol}`)}${eol}${closing}}`;
}

/** A JSON object of `entries` (string values) on one line, with spaces inside its braces when `spaced`. */
export function oneLineObject(entries: readonly (readonly [string, string])[], spaced: boolean): string {
  const properties = entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ');
  return spaced ? `{ ${properties} }` : `{${properties}}`;
}

/**
 * The edits that remove element `index` of an array whose elements are `elements`, with its separating comma. A
 * comment between the element and its neighbour stays: only the element and the comma are removed then (which is why
 * the document's `text` is needed).
 */
export function removeElementEdits(elements: readonly { readonly span: Span }[], index: number, text: string): TextEdit[] | undefined {
  const item = elements[index];
  if (!item) return undefined;
  const next = elements[index + 1];
  const previous = elements[index - 1];
  const gapStart = next ? item.span.offset + item.span.length : previous ? previous.span.offset + previous.span.length : item.span.offset;
  const gapEnd = next ? next.span.offset : item.span.offset;
  const gap = text.slice(gapStart, gapEnd);
  const comma = commaIn(gap);
  if (commentsIn(gap).length > 0 && comma >= 0) {
    const commaSpan: Span = { offset: gapStart + comma, length: 1 };
    return next
      ? [
          { span: item.span, newText: '' },
          { span: commaSpan, newText: '' },
        ]
      : [
          { span: commaSpan, newText: '' },
          { span: item.span, newText: '' },
        ];
  }
  const span: Span = next
    ? { offset: item.span.offset, length: next.span.offset - item.span.offset }
    : previous
      ? { offset: previous.span.offset + previous.span.length, length: item.span.offset + item.span.length - (previous.span.offset + previous.span.length) }
      : item.span;
  return [{ span, newText: '' }];
}

/**
 * The edits that remove the elements at `indices` (ascending) of an array, with their commas: each run of neighbours
 * goes in one edit, so that no two edits overlap. Undefined when a comment sits in what would be removed (a comment the
 * user wrote is never removed with an element), or when nothing would remain.
 */
export function removeElementsEdits(elements: readonly { readonly span: Span }[], indices: readonly number[], text: string): TextEdit[] | undefined {
  if (indices.length === 0 || indices.length >= elements.length) return undefined;
  if (indices.length === 1) return removeElementEdits(elements, indices[0] as number, text);
  const edits: TextEdit[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] as number) + 1) j++;
    const first = elements[indices[i] as number];
    const last = elements[indices[j] as number];
    const after = elements[(indices[j] as number) + 1];
    const before = elements[(indices[i] as number) - 1];
    if (!first || !last) return undefined;
    const start = after ? first.span.offset : before ? before.span.offset + before.span.length : first.span.offset;
    const end = after ? after.span.offset : last.span.offset + last.span.length;
    if (commentsIn(text.slice(start, end)).length > 0) return undefined;
    edits.push({ span: { offset: start, length: end - start }, newText: '' });
    i = j + 1;
  }
  return edits;
}
