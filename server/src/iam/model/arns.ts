/** ARN helpers the model needs: building principal ARNs from name and path, and reading account ids back. */

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

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its six parts, or undefined when it is not one. */
export function parseArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1] ?? '',
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}

/** For `arn:aws:s3:::bucket/key`, the bucket's ARN `arn:aws:s3:::bucket`; undefined for anything else. */
export function s3BucketOf(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (!parts || parts.service !== 's3' || parts.account !== '') return undefined;
  const slash = parts.resource.indexOf('/');
  if (slash < 0) return undefined;
  return `arn:${parts.partition}:s3:::${parts.resource.slice(0, slash)}`;
}

/** Splits an IAM resource part `role/path/name` into path and name. */
export function splitIamResource(resource: string): { kind: string; path: string; name: string } {
  const first = resource.indexOf('/');
  if (first < 0) return { kind: resource, path: '/', name: '' };
  const last = resource.lastIndexOf('/');
  return { kind: resource.slice(0, first), path: resource.slice(first, last + 1), name: resource.slice(last + 1) };
}

export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
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
