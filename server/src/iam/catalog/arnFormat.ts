/**
 * Whether a concrete ARN (a request's resource) fits one of the catalog's ARN formats. A placeholder stands for one
 * or more characters without `:` or `/`, except a placeholder that ends the format right after a `/`
 * (`…/${ObjectName}`, `role/${RoleNameWithPath}`), which takes the rest of the ARN (object keys and IAM paths hold
 * slashes; bucket names do not).
 */
const formatPatterns = new Map<string, RegExp>();

export function arnFitsCatalogFormat(arn: string, format: string): boolean {
  let pattern = formatPatterns.get(format);
  if (pattern === undefined) {
    const pieces = format.split(/(\$\{[^}]*\})/);
    const source = pieces
      .map((piece, index) => {
        if (!piece.startsWith('${')) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const last = index === pieces.length - 2 && pieces[pieces.length - 1] === '';
        return last && (pieces[index - 1] ?? '').endsWith('/') ? '.+' : '[^:/]+';
      })
      .join('');
    pattern = new RegExp(`^${source}$`);
    formatPatterns.set(format, pattern);
  }
  return pattern.test(arn);
}

const lenientPatterns = new Map<string, RegExp>();

/**
 * Whether a concrete ARN could be of a format at all, for saying that a request names a resource its action never
 * acts on: only the format's fixed words must be there (`:log-group:`, `:secret:`, `key/`). A placeholder matches
 * anything, empty included (AWS-owned resources have no account; names hold `/` and `:`; Lambda ARNs take a
 * `:qualifier`), except a placeholder that is the whole resource part, which is one name without `/` (an S3 bucket:
 * `arn:aws:s3:::bucket/key` is an object, not a bucket).
 */
export function arnMayBeOfFormat(arn: string, format: string): boolean {
  let pattern = lenientPatterns.get(format);
  if (pattern === undefined) {
    const resourceStart = format.split(':', 5).join(':').length + 1;
    const pieces = format.split(/(\$\{[^}]*\})/);
    let at = 0;
    const source = pieces
      .map((piece) => {
        const start = at;
        at += piece.length;
        if (!piece.startsWith('${')) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const wholeResource = start === resourceStart && at === format.length;
        return wholeResource ? '[^/]*' : '.*';
      })
      .join('');
    pattern = new RegExp(`^${source}$`, 's');
    lenientPatterns.set(format, pattern);
  }
  return pattern.test(arn);
}
