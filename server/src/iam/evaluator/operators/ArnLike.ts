import { compileWildcard, type WildcardMatcher } from '../../wildcard';
import { arnComponents } from '../../arn';
import type { OperatorFamily } from './types';

/**
 * `ArnEquals`, `ArnLike`, `ArnNotEquals`, `ArnNotLike` (rule 53; the Equals forms behave exactly like the Like forms).
 * Each of the six colon-separated components is matched on its own, case-sensitively, with `*`/`?` inside it, so a
 * `*` cannot swallow a colon of the first five components (unlike `StringLike`).
 */

/**
 * Compiles an ARN pattern into per-component matchers. A pattern with fewer than six components lets its last
 * component cover the rest of the value, so `*` alone matches any ARN (our choice; AWS does not say, and the
 * validator flags such patterns anyway).
 */
export function compileArnPattern(pattern: string): (value: string) => boolean {
  const parts = arnComponents(pattern);
  const matchers: WildcardMatcher[] = parts.map((p) => compileWildcard(p, { caseInsensitive: false }));
  const count = matchers.length;
  return (value) => {
    const valueParts = arnComponents(value);
    if (valueParts.length < count) return false;
    for (let i = 0; i < count - 1; i++) {
      const m = matchers[i];
      if (!m || !m(valueParts[i] ?? '')) return false;
    }
    const rest = count === valueParts.length ? (valueParts[count - 1] ?? '') : valueParts.slice(count - 1).join(':');
    const last = matchers[count - 1];
    return last !== undefined && last(rest);
  };
}

export const arnLike: OperatorFamily = {
  compile(_base, policyValue) {
    const matches = compileArnPattern(policyValue);
    return (requestValue) => (matches(requestValue) ? 'match' : 'noMatch');
  },
  relation: () => 'like',
};
