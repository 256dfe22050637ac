/**
 * Names a whole word away from a misspelt one: `aws:SourceIpAddress` → `aws:SourceIp` (a word too many),
 * `aws:RequestRegion` → `aws:RequestedRegion` is the edit distance's job, but a word added, dropped or swapped for
 * another is beyond any letter-count cut-off and is exactly what people type from memory.
 */

/** `aws:SourceIpAddress` → prefix `aws:` and words `source`, `ip`, `address` (lower case). */
function words(name: string): { prefix: string; words: string[] } {
  const colon = name.indexOf(':');
  const prefix = name.slice(0, colon + 1).toLowerCase();
  const rest = name.slice(colon + 1);
  return { prefix, words: (rest.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [rest]).map((w) => w.toLowerCase()) };
}

function oneWordApart(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length) return a.filter((w, i) => w !== b[i]).length === 1;
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  if (longer.length - shorter.length !== 1) return false;
  // One word inserted anywhere: the rest lines up.
  for (let skip = 0; skip < longer.length; skip++) {
    if (longer.filter((_, i) => i !== skip).every((w, i) => w === shorter[i])) return true;
  }
  return false;
}

/** Up to `max` candidates with the same prefix whose words differ from the input's by one word; dropped words first. */
export function wordAwayMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const target = words(input);
  if (target.words.length < 2) return [];
  const found: { candidate: string; rank: number }[] = [];
  for (const candidate of candidates) {
    const other = words(candidate);
    if (other.prefix !== target.prefix || other.words.join() === target.words.join()) continue;
    // Inputs of two words or more keep at least one word in common with what they suggest.
    if (!oneWordApart(target.words, other.words)) continue;
    found.push({ candidate, rank: other.words.length < target.words.length ? 0 : other.words.length > target.words.length ? 1 : 2 });
  }
  return found
    .sort((a, b) => a.rank - b.rank)
    .slice(0, max)
    .map((f) => f.candidate);
}
