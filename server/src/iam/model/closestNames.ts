/**
 * "Did you mean" suggestions for dangling references and unknown keys: the existing names closest to what was
 * written, by edit distance (case-insensitive), nearest first.
 */
export function closestNames(written: string, candidates: Iterable<string>, max = 3, maxDistance?: number): string[] {
  const target = written.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  // Allow roughly one edit in three characters, at least two, so typos match but unrelated names do not. Long
  // strings that share a prefix (ARNs) pass their own limit.
  const limit = maxDistance ?? Math.max(2, Math.ceil(target.length / 3));
  for (const name of candidates) {
    const lower = name.toLowerCase();
    const distance = lower.includes(target) || target.includes(lower) ? Math.abs(lower.length - target.length) : editDistance(target, lower, limit);
    if (distance <= limit) scored.push({ name, distance });
    // An abbreviation (`devs` for `Developers`), for names only (a short ARN is a subsequence of many long ones):
    // ranked after every real near miss.
    else if (maxDistance === undefined && !target.includes(':') && isAbbreviation(target, lower)) scored.push({ name, distance: limit + 1 });
  }
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** `written` keeps the first letter of `name` and the rest of its letters in order (at least three letters). */
function isAbbreviation(written: string, name: string): boolean {
  if (written.length < 3 || written[0] !== name[0]) return false;
  let at = 1;
  for (let i = 1; i < name.length && at < written.length; i++) if (name[i] === written[at]) at++;
  return at === written.length;
}

/** A message tail: ` Did you mean 'a' or 'b'?`, or the empty string. */
export function didYouMean(written: string, candidates: Iterable<string>): string {
  const close = closestNames(written, candidates);
  if (close.length === 0) return '';
  return ` Did you mean ${close.map((n) => `'${n}'`).join(' or ')}?`;
}

/** Levenshtein distance, giving up early (returning limit + 1) once it cannot be within `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
