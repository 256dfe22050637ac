/**
 * Concrete ARNs (a request's resource, an ARN under the cursor) against the catalog's ARN formats
 * (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`). Both questions read a format the same way, fixed words and
 * placeholders; they differ only in what a placeholder may stand for.
 */

/** Where a placeholder sits in its format. */
interface Placeholder {
  /** It ends the format right after a `/` (`…/${ObjectName}`, `role/${RoleNameWithPath}`). */
  readonly lastAfterSlash: boolean;
  /** It is the whole resource part (`arn:${Partition}:s3:::${BucketName}`). */
  readonly wholeResource: boolean;
}

/** A format as a regular expression: fixed words literally, each placeholder as `stand` says. */
function formatRegExp(format: string, stand: (placeholder: Placeholder) => string, flags: string): RegExp {
  const resourceStart = format.split(':', 5).join(':').length + 1;
  const pieces = format.split(/(\$\{[^}]*\})/);
  let at = 0;
  const source = pieces
    .map((piece, index) => {
      const start = at;
      at += piece.length;
      if (!piece.startsWith('${')) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const last = at === format.length;
      return stand({ lastAfterSlash: last && (pieces[index - 1] ?? '').endsWith('/'), wholeResource: last && start === resourceStart });
    })
    .join('');
  return new RegExp(`^${source}$`, flags);
}

/** Compiled formats by format, one map per reading. */
function cachedReading(stand: (placeholder: Placeholder) => string, flags = ''): (arn: string, format: string) => boolean {
  const patterns = new Map<string, RegExp>();
  return (arn, format) => {
    let pattern = patterns.get(format);
    if (pattern === undefined) patterns.set(format, (pattern = formatRegExp(format, stand, flags)));
    return pattern.test(arn);
  };
}

/**
 * Whether an ARN is of a format, strictly (the ARN hover's resource type): a placeholder stands for one or more
 * characters without `:` or `/`, except one that ends the format right after a `/`, which takes the rest of the ARN
 * (object keys and IAM paths hold slashes; bucket names do not).
 */
export const arnFitsCatalogFormat = cachedReading((p) => (p.lastAfterSlash ? '.+' : '[^:/]+'));

/**
 * Whether an ARN could be of a format at all, for saying that a request names a resource its action never acts on:
 * only the format's fixed words must be there (`:log-group:`, `:secret:`, `key/`). A placeholder matches anything,
 * empty included (AWS-owned resources have no account; names hold `/` and `:`; Lambda ARNs take a `:qualifier`),
 * except a placeholder that is the whole resource part, which is one name without `/` (an S3 bucket:
 * `arn:aws:s3:::bucket/key` is an object, not a bucket).
 */
export const arnMayBeOfFormat = cachedReading((p) => (p.wholeResource ? '[^/]*' : '.*'), 's');
