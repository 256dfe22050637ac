import type { PolicySource } from '../evaluator/types';
import type { Span } from '../span';
import { fileSpan } from './fileSpan';

/**
 * A statement's text in whole lines (from the start of its first line to the end of its last), so it reads as it
 * does in the editor, with the offset in the file where that text starts. The server holds the text already, so no
 * face has to open the file again to show it. Undefined when the document does not map onto its file.
 */
export function statementSnippet(source: PolicySource, documentText: string, statement: Span): { text: string; offset: number } | undefined {
  if (source.decoded) return undefined;
  const end = statement.offset + statement.length;
  if (statement.offset < 0 || end > documentText.length) return undefined;
  const lineStart = documentText.lastIndexOf('\n', statement.offset - 1) + 1;
  const newline = documentText.indexOf('\n', end);
  const lineEnd = newline === -1 ? documentText.length : newline;
  const text = documentText.slice(lineStart, lineEnd).replace(/\r$/, '');
  const placed = fileSpan(source, { offset: lineStart, length: text.length });
  return placed ? { text, offset: placed.offset } : undefined;
}
