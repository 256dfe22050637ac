/**
 * IAM wildcard matching: `*` matches any run of characters (including none), `?` matches exactly one character, and
 * every other character matches itself. IAM has no escape for `*` or `?`, so neither do we.
 *
 * This runs on hot paths (the catalog expands action patterns, the validator checks every string, the evaluator
 * matches actions and ARNs per request), so compiled matchers are cached and the algorithm never backtracks more
 * than one segment: a pattern is split at `*` into literal segments, the first must match at the start, the last
 * at the end, and each middle one is found at its leftmost position after the previous one. Leftmost placement is
 * always safe for `*`-separated segments, which keeps `a*a*a*a*b` on a long input linear in practice. A segment
 * holding `?` is searched bit-parallel (see `questionSearch`), so `*a?a?…?b*` against a long value costs
 * O(value × segment / 32), not O(value × segment). No regular expression is built, so no character in a pattern can
 * inject regex syntax.
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

/** Options for matching case-sensitively, as ARNs and most values are matched. */
export const CASE_SENSITIVE = { caseInsensitive: false } as const;

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
  const searches = middle.map((segment) => (segment.includes('?') ? questionSearch(segment) : literalSearch(segment)));
  const minLength = first.length + last.length + middle.reduce((n, s) => n + s.length, 0);
  return (value) => {
    const v = fold(value);
    if (v.length < minLength) return false;
    if (!segmentAt(v, first, 0)) return false;
    const end = v.length - last.length;
    if (!segmentAt(v, last, end)) return false;
    let position = first.length;
    for (let k = 0; k < middle.length; k++) {
      const found = (searches[k] as SegmentSearch)(v, position, end);
      if (found < 0) return false;
      position = found + (middle[k] as string).length;
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

/** Leftmost position ≥ `from` where the segment matches and ends no later than `limit`, or -1. */
type SegmentSearch = (value: string, from: number, limit: number) => number;

function literalSearch(segment: string): SegmentSearch {
  return (value, from, limit) => {
    const found = value.indexOf(segment, from);
    return found >= 0 && found + segment.length <= limit ? found : -1;
  };
}

/**
 * Shift-And search for a segment holding `?`: bit k of the state says "the segment's first k+1 characters match the
 * text ending here", updated per character of the value with word operations, so the cost is O(value × ⌈m/32⌉) for
 * a segment of m characters, whatever the characters. A character that occurs at least ⌈m/32⌉ times in the segment
 * gets a dense mask; rarer characters keep their positions, which costs no more than a mask word per position and
 * keeps memory linear in the segment (a dense mask per distinct character would be m²/32 for a segment of distinct
 * characters).
 */
function questionSearch(segment: string): SegmentSearch {
  const m = segment.length;
  const words = (m + 31) >>> 5;
  const any = new Uint32Array(words);
  const positions = new Map<number, number[]>();
  for (let i = 0; i < m; i++) {
    const c = segment.charCodeAt(i);
    if (c === 63 /* ? */) {
      any[i >>> 5] = (any[i >>> 5] as number) | (1 << (i & 31));
      continue;
    }
    const list = positions.get(c);
    if (list) list.push(i);
    else positions.set(c, [i]);
  }
  const dense = new Map<number, Uint32Array>();
  for (const [c, list] of positions) {
    if (list.length < words) continue;
    const mask = Uint32Array.from(any);
    for (const i of list) mask[i >>> 5] = (mask[i >>> 5] as number) | (1 << (i & 31));
    dense.set(c, mask);
    positions.delete(c);
  }
  const lastWord = (m - 1) >>> 5;
  const lastBit = 1 << ((m - 1) & 31);
  return (value, from, limit) => {
    let state = new Uint32Array(words);
    let next = new Uint32Array(words);
    for (let at = from; at < limit; at++) {
      // next = ((state << 1) | 1) & mask(c): every partial match grows by this character, and a new one starts here.
      const c = value.charCodeAt(at);
      const mask = dense.get(c) ?? any;
      const own = mask === any ? positions.get(c) : undefined;
      let carry = 1;
      for (let w = 0; w < words; w++) {
        const word = state[w] as number;
        next[w] = ((word << 1) | carry) & (mask[w] as number);
        carry = word >>> 31;
      }
      if (own) {
        // A rare character's own positions survive where the partial match one shorter was alive.
        for (const i of own) {
          if (i === 0 || ((state[(i - 1) >>> 5] as number) & (1 << ((i - 1) & 31))) !== 0) next[i >>> 5] = (next[i >>> 5] as number) | (1 << (i & 31));
        }
      }
      [state, next] = [next, state];
      if (((state[lastWord] as number) & lastBit) !== 0) return at - m + 1;
    }
    return -1;
  };
}
