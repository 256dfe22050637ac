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
