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
