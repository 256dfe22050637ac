/**
 * Resources as specific as the activity shows: each ARN as it was used, except where many ARNs share a parent path
 * (`bucket/uploads/a.pdf`, `bucket/uploads/b.pdf`, …): then one wildcard for the parent stands for them.
 */

/** How many distinct resources under one parent make a pattern worth a wildcard. */
export const WILDCARD_FROM = 3;

export function resourcePatterns(resources: Iterable<string>, wildcardFrom = WILDCARD_FROM): string[] {
  const distinct = new Set(resources);
  if (distinct.has('*')) return ['*'];
  const byParent = new Map<string, string[]>();
  const kept: string[] = [];
  for (const arn of distinct) {
    const parent = parentPath(arn);
    if (parent === undefined) {
      kept.push(arn);
      continue;
    }
    const list = byParent.get(parent) ?? [];
    list.push(arn);
    byParent.set(parent, list);
  }
  for (const [parent, list] of byParent) {
    if (list.length >= wildcardFrom) kept.push(`${parent}/*`);
    else kept.push(...list);
  }
  return kept.sort();
}

/**
 * The ARN up to the last `/` of its resource part (after the fifth colon), when that parent still names a resource:
 * an S3 object's bucket (`bucket/key`), or `table/Orders` in `table/Orders/index/ByDate`. Not `table` in
 * `table/Orders`, nor a resource part without `/`: a wildcard there would reach every table, role or queue.
 */
function parentPath(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const resourcePart = parts.slice(5).join(':');
  const slashes = resourcePart.split('/').length - 1;
  // S3 ARNs have no resource type before the name: one slash already separates the bucket from the key.
  const needed = parts[2] === 's3' && parts[4] === '' ? 1 : 2;
  if (slashes < needed) return undefined;
  return arn.slice(0, arn.lastIndexOf('/'));
}
