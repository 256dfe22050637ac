/**
 * ARN splitting shared by Resource matching and the Arn condition operators. An ARN has six colon-separated
 * components (`arn:partition:service:region:account:resource`); the sixth may itself contain colons and slashes,
 * so only the first five colons split.
 */

/** The components of an ARN-like string: up to six, the last holding everything after the fifth colon. */
export function splitArn(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) break;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * The account id component of an ARN, or undefined when there is none: S3 bucket ARNs have none, and AWS managed
 * policies say `aws` (they belong to no customer account).
 */
export function arnAccount(arn: string): string | undefined {
  const parts = splitArn(arn);
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const account = parts[4];
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** The service component of an ARN (`s3`, `iam`), or undefined. */
export function arnService(arn: string): string | undefined {
  const parts = splitArn(arn);
  return parts.length >= 6 && parts[0] === 'arn' ? parts[2] : undefined;
}

/** The resource component (after the fifth colon), or undefined. */
export function arnResource(arn: string): string | undefined {
  const parts = splitArn(arn);
  return parts.length >= 6 && parts[0] === 'arn' ? parts[5] : undefined;
}

/** True for the 12-digit account id form AWS accepts in `Principal`. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}
