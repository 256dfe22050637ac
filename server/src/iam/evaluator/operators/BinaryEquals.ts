import type { OperatorFamily } from './types';

/**
 * `BinaryEquals` (rule 51): the policy value is base-64; the request value (binary keys travel base-64 encoded) is
 * decoded too and the bytes compared, so different paddings or line breaks of the same bytes still match.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Decodes base-64 into bytes written as a hex string (cheap to compare); undefined when not base-64. */
export function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  let bits = 0;
  let count = 0;
  let hex = '';
  for (const c of clean) {
    const v = LOOKUP.get(c === '-' ? '+' : c === '_' ? '/' : c);
    if (v === undefined) return undefined;
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      hex += ((bits >> count) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

export const binaryEquals: OperatorFamily = {
  compile(base, policyValue) {
    const policy = decodeBase64(policyValue);
    if (policy === undefined) return { error: `"${policyValue}" is not base-64 (${base.name} compares base-64 encoded bytes)` };
    return (requestValue) => {
      const request = decodeBase64(requestValue);
      if (request === undefined) return 'typeError';
      return request === policy ? 'match' : 'noMatch';
    };
  },
  relation: () => 'equal to',
};
