/**
 * What an edit must copy from the file it changes: the line ending and where the comments are. Quick fixes,
 * refactorings and "Save as test" write new lines; a CRLF file gets CRLF lines, and a comment the user wrote is never
 * part of the text an edit replaces.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** The file's line ending: the first one it uses, `\n` when it has none. */
export function eolOf(text: string): '\r\n' | '\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
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
