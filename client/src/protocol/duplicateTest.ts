/** Whether a test file already holds a request: "Save as test" twice must not make two identical tests. */
import type { PanelTestCase } from './messages';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The index of a test in `existing` that asks the same (principal, action, resource, context, expected decision),
 * whatever its name; -1 when there is none. A missing context and an empty one are the same request.
 */
export function identicalTestIndex(existing: readonly unknown[], test: PanelTestCase): number {
  const key = (t: Partial<PanelTestCase>) => canonical([t.principal, t.action, t.resource, t.context ?? {}, t.expect]);
  const wanted = key(test);
  return existing.findIndex((t) => t !== null && typeof t === 'object' && key(t as Partial<PanelTestCase>) === wanted);
}
