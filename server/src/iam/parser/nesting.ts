import { createScanner, SyntaxKind } from 'jsonc-parser';

/**
 * The deepest bracket nesting in JSON text, counted token by token (strings and comments do not count). Cheap and
 * never recursive, so callers can check it before handing text to something whose cost grows with depth.
 */
export function maxNestingDepth(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  let max = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) max = Math.max(max, ++depth);
    else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * Where JSON text first nests deeper than `limit`, with its deepest nesting, or undefined when it stays within.
 * Recursive readers (jsonc-parser's `parseTree`, the model loader's walks) overflow the stack a few thousand levels
 * down; every reader of a model or test file checks this first, so such a file gets an error at the first bracket
 * too deep rather than a stack trace.
 */
export function nestingBeyond(text: string, limit: number): { readonly depth: number; readonly offset: number } | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  let max = 0;
  let offset = -1;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      max = Math.max(max, ++depth);
      if (depth === limit + 1 && offset < 0) offset = scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return offset < 0 ? undefined : { depth: max, offset };
}
