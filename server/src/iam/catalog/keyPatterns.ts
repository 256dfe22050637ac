/**
 * Condition keys with a variable part: `aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`,
 * `kms:EncryptionContext:${EncryptionContextKey}`, `codebuild:secondarySources/${sourceIdentifier}.location`.
 * A policy writes them with a concrete value in place of the placeholder (`aws:ResourceTag/team`); these helpers
 * turn a canonical key into a matcher for such concrete spellings.
 */

const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/g;

/** True when the canonical key has a placeholder (or ends with `/`, which the reference uses for a few tag keys). */
export function isPatternedKey(key: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(key) || key.endsWith('/');
}

/**
 * A case-insensitive regular expression for a patterned key: literal parts escaped, each placeholder matching one
 * or more characters. AWS compares condition key names case-insensitively, tag values in them included.
 */
export function keyPatternRegExp(key: string): RegExp {
  let source = '';
  let last = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(key); m !== null; m = PLACEHOLDER.exec(key)) {
    source += escapeRegExp(key.slice(last, m.index)) + '.+';
    last = m.index + m[0].length;
  }
  source += escapeRegExp(key.slice(last));
  if (key.endsWith('/')) source += '.+';
  return new RegExp(`^${source}$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
