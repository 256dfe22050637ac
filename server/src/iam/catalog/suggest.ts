/**
 * "Did you mean …?" suggestions: the candidates closest to a misspelt input by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbouring letters each cost 1), compared case-insensitively.
 *
 * The cut-off grows with the input's length (a third of it, at least 1, at most 4) so that `s3:GetObjet` finds
 * `GetObject` but `Foo` does not suggest `Get`. Candidates whose only difference is case are always returned first:
 * `getobject` → `GetObject`.
 */

import type { Catalog } from './types';

/** Maximum edit distance accepted for an input of this length. */
export function suggestionCutoff(input: string): number {
  return Math.min(4, Math.max(1, Math.floor(input.length / 3)));
}

/**
 * Up to `max` candidates within the cut-off, closest first (ties in candidate order). Returns canonical spellings
 * as given in `candidates`; never returns the input itself when it is already a candidate with the same spelling.
 */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const target = input.toLowerCase();
  const limit = suggestionCutoff(input);
  const scored: { candidate: string; distance: number; order: number }[] = [];
  let order = 0;
  for (const candidate of candidates) {
    order++;
    if (candidate === input) continue;
    const lower = candidate.toLowerCase();
    if (Math.abs(lower.length - target.length) > limit) continue;
    const distance = lower === target ? 0 : editDistance(target, lower, limit);
    if (distance <= limit) scored.push({ candidate, distance, order });
  }
  scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
  const seen = new Set<string>();
  const result: string[] = [];
  for (const s of scored) {
    if (result.length >= max) break;
    if (seen.has(s.candidate)) continue;
    seen.add(s.candidate);
    result.push(s.candidate);
  }
  return result;
}

/** The service's action names closest to a misspelt `name` (`GetObjets` → `GetObject`), closest first. */
export function closestActionNames(catalog: Catalog, service: string, name: string, max = 3): string[] {
  return closestMatches(
    name,
    catalog.actions(service).map((a) => a.name),
    max,
  );
}

/**
 * The condition keys closest to a misspelt `key` among `names` (a service's or AWS's global keys). A key that takes a
 * name (`aws:ResourceTag/${TagKey}`) is matched by the part before its slash, and offered with the name the misspelt
 * key gives: `aws:PrincipleTag/team` → `aws:PrincipalTag/team`, `aws:ResourceTags/team` → `aws:ResourceTag/team`.
 */
export function closestConditionKeys(key: string, names: readonly string[], max = 3): string[] {
  const isPatterned = (name: string) => name.includes('${') || name.includes('<');
  const close = closestMatches(
    key,
    names.filter((name) => !isPatterned(name)),
    max,
  );
  const slash = key.indexOf('/');
  if (close.length > 0 || slash <= key.indexOf(':') || slash === key.length - 1) return close;
  const bases = names.filter((name) => isPatterned(name) && name.includes('/')).map((name) => name.slice(0, name.indexOf('/')));
  return closestMatches(key.slice(0, slash), bases, max).map((base) => `${base}${key.slice(slash)}`);
}

/** The patterned catalog key that `key` would be with a name appended, e.g. `aws:ResourceTag/${TagKey}`. */
export function patternedKeyMissingName(key: string, catalog: Catalog): string | undefined {
  if (key.includes('${')) return undefined;
  const probe = key.endsWith('/') || key.endsWith(':') ? `${key}x` : `${key}/x`;
  const info = catalog.conditionKey(probe);
  return info && (info.key.includes('${') || info.key.includes('<')) ? info.key : undefined;
}

/**
 * The condition key a key the catalog does not know was meant as (`s3:prefx` → `s3:prefix`, `aws:SourcIp` →
 * `aws:SourceIp`): the closest key of its service, or of AWS's global keys for `aws:`. Undefined when the key is
 * known, when its prefix is no service the catalog knows (an identity provider's, or a service newer than the
 * catalog), or when nothing is close; a key that takes a name (`aws:ResourceTag/${TagKey}`) is offered only with the
 * name the misspelt key gives (any other would be a guess).
 */
export function meantConditionKey(catalog: Catalog, key: string): string | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0 || key.includes('${') || catalog.conditionKey(key) !== undefined) return undefined;
  // `aws:PrincipalTag` lacks its tag's name: no other key was meant (`aws:PrincipalArn` is close, and wrong).
  if (patternedKeyMissingName(key, catalog) !== undefined) return undefined;
  const prefix = key.slice(0, colon).toLowerCase();
  const keys = prefix === 'aws' ? catalog.globalConditionKeys().filter((k) => k.key.startsWith('aws:')) : catalog.serviceConditionKeys(prefix);
  return closestConditionKeys(
    key,
    keys.map((k) => k.key),
    1,
  )[0];
}

/** Rows of the distance table, reused between calls (suggestions scan thousands of candidates; nothing is allocated). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance between `a` and `b`, giving up (returning `limit + 1`) as soon as every cell of
 * a row exceeds `limit`, which keeps scanning thousands of candidates cheap. Only cells within `limit` of the
 * diagonal can be within the limit, so only that band is filled: O(length × limit), not length², for long names.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  const n = b.length;
  if (Math.abs(a.length - n) > limit) return limit + 1;
  const band = Math.min(limit, Math.max(a.length, n));
  const outside = band + 1;
  if (rows[0].length < n + 2) rows = [new Int32Array(n + 2), new Int32Array(n + 2), new Int32Array(n + 2)];
  // The row before the previous one (for swaps), the previous one, and the one being filled.
  let [previous2, previous, current] = rows;
  for (let j = 0; j <= n; j++) previous[j] = j <= band ? j : outside;
  previous[n + 1] = outside;
  for (let i = 1; i <= a.length; i++) {
    const ac = a.charCodeAt(i - 1);
    const lo = Math.max(1, i - band);
    const hi = Math.min(n, i + band);
    current[lo - 1] = lo === 1 ? Math.min(i, outside) : outside;
    let rowMin = current[lo - 1] as number;
    for (let j = lo; j <= hi; j++) {
      const bc = b.charCodeAt(j - 1);
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (ac === bc ? 0 : 1), outside);
      if (i > 1 && j > 1 && ac === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bc) value = Math.min(value, (previous2[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (hi < n) current[hi + 1] = outside;
    if (rowMin > limit) return limit + 1;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  const distance = previous[n] as number;
  return distance > band ? limit + 1 : distance;
}

/** `service:Action` as the catalog lists it (a service the catalog does not know is given the benefit of the doubt). */
export function isKnownAction(catalog: Catalog, action: string): boolean {
  const colon = action.indexOf(':');
  if (colon < 0) return false;
  const prefix = action.slice(0, colon);
  if (catalog.service(prefix) === undefined) return true;
  return catalog.action(prefix, action.slice(colon + 1)) !== undefined;
}

/** The known action closest to one the catalog does not know (`s3:GetObjets` → `s3:GetObject`), as the validator suggests it. */
export function meantAction(catalog: Catalog, listed: string): string | undefined {
  const colon = listed.indexOf(':');
  if (colon < 0 || isKnownAction(catalog, listed)) return undefined;
  const prefix = listed.slice(0, colon);
  const closest = closestActionNames(catalog, prefix, listed.slice(colon + 1), 1)[0];
  return closest === undefined ? undefined : `${prefix}:${closest}`;
}
