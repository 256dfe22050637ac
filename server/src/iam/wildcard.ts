/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` matches exactly one character, and
 * every other character matches itself. IAM has no escape for `*` or `?`, so neither do we.
 *
 * This runs on hot paths (the catalog expands action patterns, the validator checks every string, the evaluator
 * matches actions and ARNs per request), so compiled matchers are cached and the algorithm never backtracks more
 * than one segment: a pattern is split at `*` into literal segments, the first must match at the start, the last
 * at the end, and each middle one is found at its leftmost position after the previous one. Leftmost placement is
 * always safe for `*`-separated segments, which keeps `a*a*a*a*b` on a long input linear in practice
 * (worst case O(input × pattern), never exponential). No regular expression is built, so no character in a
 * pattern can inject regex syntax.
 */

export interface WildcardOptions {
  /** Compare case-insensitively (action names, service prefixes). ARNs and most condition values are case-sensitive. */
  readonly caseInsensitive: boolean;
}

/** A compiled pattern: call it with a candidate string. */
export type WildcardMatcher = (value: string) => boolean;

/** True when `text` holds an IAM wildcard character (`*` or `?`). */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const MAX_CACHE = 20_000;
const cache = new Map<string, WildcardMatcher>();

/**
 * Compiles an IAM wildcard pattern into a matcher. Matchers are cached by pattern and case mode, so calling this
 * repeatedly with the same pattern is cheap.
 */
export function compileWildcard(pattern: string, options: WildcardOptions): WildcardMatcher {
  const cacheKey = (options.caseInsensitive ? 'i:' : 's:') + pattern;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const matcher = build(pattern, options.caseInsensitive);
  // A crude bound: documents with many distinct patterns must not grow memory without limit.
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(cacheKey, matcher);
  return matcher;
}

/** One-shot convenience over `compileWildcard` (the compiled matcher is still cached). */
export function matchesWildcard(pattern: string, value: string, options: WildcardOptions): boolean {
  return compileWildcard(pattern, options)(value);
}

function build(rawPattern: string, caseInsensitive: boolean): WildcardMatcher {
  const pattern = caseInsensitive ? rawPattern.toLowerCase() : rawPattern;
  const fold = caseInsensitive ? (s: string): string => s.toLowerCase() : (s: string): string => s;

  if (!hasWildcard(pattern)) return (value) => fold(value) === pattern;
  if (/^\*+$/.test(pattern)) return () => true;

  const segments = pattern.split('*');
  // Fast paths for the shapes that dominate real policies: `prefix*`, `*suffix`.
  if (segments.length === 2 && !pattern.includes('?')) {
    const [head, tail] = segments as [string, string];
    if (tail === '') return (value) => fold(value).startsWith(head);
    if (head === '') return (value) => fold(value).endsWith(tail);
    return (value) => {
      const v = fold(value);
      return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
    };
  }
  if (segments.length === 1) {
    // Only `?` wildcards: fixed length.
    return (value) => {
      const v = fold(value);
      return v.length === pattern.length && segmentAt(v, pattern, 0);
    };
  }

  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((s) => s !== '');
  const minLength = first.length + last.length + middle.reduce((n, s) => n + s.length, 0);
  return (value) => {
    const v = fold(value);
    if (v.length < minLength) return false;
    if (!segmentAt(v, first, 0)) return false;
    const end = v.length - last.length;
    if (!segmentAt(v, last, end)) return false;
    let position = first.length;
    for (const segment of middle) {
      const found = findSegment(v, segment, position, end);
      if (found < 0) return false;
      position = found + segment.length;
    }
    return position <= end;
  };
}

/** Does `segment` (which may hold `?`) match `value` starting at `offset`? */
function segmentAt(value: string, segment: string, offset: number): boolean {
  if (offset < 0 || offset + segment.length > value.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const p = segment.charCodeAt(i);
    if (p !== 63 /* ? */ && p !== value.charCodeAt(offset + i)) return false;
  }
  return true;
}

/** Leftmost position ≥ `from` where `segment` matches and ends no later than `limit`, or -1. */
function findSegment(value: string, segment: string, from: number, limit: number): number {
  if (!segment.includes('?')) {
    const found = value.indexOf(segment, from);
    return found >= 0 && found + segment.length <= limit ? found : -1;
  }
  for (let i = from; i + segment.length <= limit; i++) {
    if (segmentAt(value, segment, i)) return i;
  }
  return -1;
}
