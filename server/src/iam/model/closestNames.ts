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
  // The limit grows with the name, so a long name against many long candidates is quadratic twice over: the work is
  // budgeted per call, and candidates past the budget are not compared (a suggestion is a courtesy, not a verdict).
  let budget = SUGGESTION_BUDGET;
  for (const name of candidates) {
    const lower = name.toLowerCase();
    budget -= Math.min(target.length, lower.length) * (2 * limit + 1) + target.length + lower.length;
    if (budget < 0) break;
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

/** Cells of the distance tables one `closestNames` call may fill: about 20 ms, far above any real model's names. */
const SUGGESTION_BUDGET = 10_000_000;

/**
 * Levenshtein distance, giving up early (returning limit + 1) once it cannot be within `limit`. Only the band of
 * cells within `limit` of the diagonal can be within the limit, so only those are filled: O(length × limit).
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  const outside = limit + 1;
  let previous = new Int32Array(n + 2);
  let current = new Int32Array(n + 2);
  for (let j = 0; j <= n; j++) previous[j] = j <= limit ? j : outside;
  previous[n + 1] = outside;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(n, i + limit);
    current[lo - 1] = lo === 1 ? Math.min(i, outside) : outside;
    let rowMin = current[lo - 1] as number;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost, outside);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (hi < n) current[hi + 1] = outside;
    if (rowMin > limit) return outside;
    [previous, current] = [current, previous];
  }
  return previous[n] as number;
}
