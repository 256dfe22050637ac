/** ARN building the model needs: principal ARNs from name and path (reading ARNs apart is `../arn.ts`). */

/** Normalises an IAM path: `/` by default, always with a leading and trailing slash. */
export function normalisePath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '/';
  let result = path.startsWith('/') ? path : `/${path}`;
  if (!result.endsWith('/')) result += '/';
  return result;
}

/** `arn:aws:iam::111111111111:user/division/alice` from kind, account, path and name. */
export function iamArn(accountId: string, kind: 'user' | 'role' | 'group' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${normalisePath(path)}${name}`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A made-up unique id in AWS's shape (`AIDA` + 17 characters for users, `AROA` for roles), derived from the ARN so
 * it is the same on every load: `aws:userid` and policies that test it stay stable.
 */
export function syntheticUniqueId(prefix: string, seed: string): string {
  // Two FNV-1a variants give 64 bits, enough for 17 base-32 characters to not collide in any realistic model.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  let id = prefix;
  for (let i = 0; i < 17; i++) {
    const source = i % 2 === 0 ? a : b;
    id += ID_ALPHABET[(source >>> ((i * 5) % 27)) & 31];
    if (i % 6 === 5) {
      a = Math.imul(a ^ (a >>> 13), 0x5bd1e995) >>> 0;
      b = Math.imul(b ^ (b >>> 15), 0x01000193) >>> 0;
    }
  }
  return id;
}
