// Did-you-mean for the fixed, tiny vocabularies of policy grammar (element names, principal keys, Effect values).
import { closestMatches } from '../catalog/suggest';
import type { Fix } from '../findings';
import type { Span } from '../span';

/**
 * The candidate the user most likely meant: the same word in another case first (`effect` → `Effect`, the most common
 * mistake), else the closest by edit distance within the catalog's did-you-mean cut-off.
 */
export function suggestName(written: string, candidates: readonly string[]): string | undefined {
  return closestMatches(written, candidates, 1)[0];
}

/** A fix that replaces a quoted JSON string (key or value) at `span` with another string. */
export function replaceStringFix(title: string, text: string, span: Span, replacement: string): Fix {
  const quoted = text.charCodeAt(span.offset) === 34;
  return {
    title,
    preferred: true,
    edits: [{ span, newText: quoted ? JSON.stringify(replacement) : replacement }],
  };
}
