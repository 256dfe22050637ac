/**
 * The one place that splits ARNs, for every area of the core. An ARN has six colon-separated fields,
 * `arn:partition:service:region:account:resource`; the resource may itself hold colons and slashes, so only the first
 * five colons split. A colon inside a policy variable (`${aws:PrincipalAccount}`) separates nothing, so policy text and
 * request values split alike. Pattern matching of policy ARNs stays with the validator (`validator/arn.ts`) and the
 * evaluator (`evaluator/matchStatement.ts`); this module only reads ARNs apart.
 */

/** The six fields of `arn:partition:service:region:account:resource`, with their offsets in the ARN text. */
export interface ArnParts {
  readonly prefix: string;
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon; may itself contain colons. */
  readonly resource: string;
  /** Start offset of each field in the ARN text: prefix, partition, service, region, account, resource. */
  readonly offsets: readonly [number, number, number, number, number, number];
}

export type ArnField = 'partition' | 'service' | 'region' | 'account' | 'resource';
const FIELD_INDEX: Readonly<Record<ArnField, number>> = {
  partition: 1,
  service: 2,
  region: 3,
  account: 4,
  resource: 5,
};

/** Splits an ARN into its fields; undefined when it has fewer than six fields. Does not check the prefix. */
export function splitArn(text: string): ArnParts | undefined {
  const offsets: number[] = [0];
  // Colons inside a policy variable (`${aws:PrincipalAccount}`) do not separate fields.
  for (let colon = colonOutsideVariables(text, 0); colon >= 0 && offsets.length < 6; colon = colonOutsideVariables(text, colon + 1)) {
    offsets.push(colon + 1);
  }
  if (offsets.length < 6) return undefined;
  const o = offsets as [number, number, number, number, number, number];
  return {
    prefix: text.slice(0, o[1] - 1),
    partition: text.slice(o[1], o[2] - 1),
    service: text.slice(o[2], o[3] - 1),
    region: text.slice(o[3], o[4] - 1),
    account: text.slice(o[4], o[5] - 1),
    resource: text.slice(o[5]),
    offsets: o,
  };
}

/** Offset and length of one field inside the ARN text. */
export function fieldRange(arn: ArnParts, field: ArnField): { start: number; length: number } {
  const index = FIELD_INDEX[field];
  return { start: arn.offsets[index], length: arn[field].length };
}

/** Number of colon-separated fields (at most 6 counted: the resource may contain colons). */
export function countArnFields(text: string): number {
  let fields = 1;
  for (let colon = colonOutsideVariables(text, 0); colon >= 0 && fields < 6; colon = colonOutsideVariables(text, colon + 1)) fields++;
  return fields;
}

/**
 * The fields of an ARN-like string as plain strings: up to six, the last holding everything after the fifth colon
 * (fewer when the text has fewer colons). The evaluator's hot path: no object per call beyond the array.
 */
export function arnComponents(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const variables = text.includes('${');
  for (let i = 0; i < 5; i++) {
    const colon = variables ? colonOutsideVariables(text, start) : text.indexOf(':', start);
    if (colon < 0) break;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** The first colon at or after `from` that is not inside a `${…}` policy variable, or -1. */
function colonOutsideVariables(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        i = close;
        continue;
      }
    }
    if (c === 58 /* : */) return i;
  }
  return -1;
}

/** The fields of an ARN when it is one: six fields and the `arn` prefix; undefined otherwise. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = splitArn(text);
  return parts && parts.prefix === 'arn' ? parts : undefined;
}

/** True for the 12-digit form of an account id. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}

/**
 * The account id field of an ARN, or undefined when there is none: S3 bucket ARNs have none, and AWS managed policies
 * say `aws` (they belong to no customer account).
 */
export function arnAccount(arn: string): string | undefined {
  const parts = arnComponents(arn);
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const account = parts[4];
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** For `arn:aws:s3:::bucket/key`, the bucket's ARN `arn:aws:s3:::bucket`; undefined for anything else. */
export function s3BucketOf(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (!parts || parts.service !== 's3' || parts.account !== '') return undefined;
  const slash = parts.resource.indexOf('/');
  if (slash < 0) return undefined;
  return `arn:${parts.partition}:s3:::${parts.resource.slice(0, slash)}`;
}

export interface IamUserOrRole {
  readonly partition: string;
  readonly account: string;
  readonly kind: 'user' | 'role';
  /** `/` or `/ci/`. */
  readonly path: string;
  readonly name: string;
}

/**
 * An IAM user's or role's ARN taken apart (`arn:aws:iam::111122223333:role/ci/DevOps`), or undefined for any other
 * text, a pattern among them (`role/*`): what a Principal names, a fix writes, a check looks up.
 */
export function iamUserOrRole(text: string): IamUserOrRole | undefined {
  const parts = parseArn(text);
  if (parts === undefined || parts.service !== 'iam' || parts.region !== '' || !isAccountId(parts.account) || /[*?]/.test(parts.resource)) return undefined;
  const { kind, path, name } = splitIamResource(parts.resource);
  return (kind === 'user' || kind === 'role') && name !== '' ? { partition: parts.partition, account: parts.account, kind, path, name } : undefined;
}

/** Splits an IAM resource part `role/path/name` into its kind, path and name. */
export function splitIamResource(resource: string): { kind: string; path: string; name: string } {
  const first = resource.indexOf('/');
  if (first < 0) return { kind: resource, path: '/', name: '' };
  const last = resource.lastIndexOf('/');
  return { kind: resource.slice(0, first), path: resource.slice(first, last + 1), name: resource.slice(last + 1) };
}
