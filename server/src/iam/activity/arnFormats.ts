/**
 * The catalog's ARN formats (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) used both ways: does an ARN have a
 * given format, and which ARN does a format give for some values. One compiled pattern per format string.
 */

const compiled = new Map<string, RegExp>();

/**
 * The format as a regular expression: placeholders match within one ARN field (no `:`), except the last, which may
 * hold what the last field holds in AWS (an object key with `/` and `:`).
 */
function formatPattern(format: string): RegExp {
  let pattern = compiled.get(format);
  if (!pattern) {
    const parts = format.split(/\$\{[A-Za-z0-9]+\}/);
    const source = parts
      .map(escapeRegExp)
      .map((part, i) => (i === 0 ? part : (i === parts.length - 1 ? '(.+)' : '([^:/]*)') + part))
      .join('');
    pattern = new RegExp(`^${source}$`);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(format, pattern);
  }
  return pattern;
}

export function arnHasFormat(arn: string, format: string): boolean {
  return formatPattern(format).test(arn);
}

/** What the format's last placeholder holds in the ARN (`key/with/slashes` of an object), or undefined when it does not have the format. */
export function lastFieldOf(arn: string, format: string): string | undefined {
  const match = formatPattern(format).exec(arn);
  return match === null || match.length < 2 ? undefined : match[match.length - 1];
}

/** Literal characters of a format: the more it has, the more specific a match is (`table/T/index/I` over `table/T`). */
export function formatSpecificity(format: string): number {
  return format.replace(/\$\{[A-Za-z0-9]+\}/g, '').length;
}

/** The placeholders of a format, in order: `['Partition', 'BucketName', 'ObjectName']`. */
export function placeholdersOf(format: string): string[] {
  return [...format.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1] as string);
}

/** The format with every placeholder replaced; undefined when `valueOf` has no value for one of them. */
export function fillFormat(format: string, valueOf: (placeholder: string) => string | undefined): string | undefined {
  let missing = false;
  const filled = format.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name: string) => {
    const value = valueOf(name);
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : filled;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
