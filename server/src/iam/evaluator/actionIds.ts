/**
 * Request actions as small integers, so that the per-statement memos of matchStatement compare a number instead of
 * reading a string (on a large model, every object an evaluation touches is likely a cache miss). An id is never
 * reused, so a memo cannot mistake one action for another, even after the table has been emptied.
 */
const ids = new Map<string, number>();
let nextId = 0;
/** A crude bound, like the other evaluator caches: requests naming many distinct actions must not grow memory. */
const MAX_ACTIONS = 50_000;

/** The id of a lower-cased action name. */
export function actionId(actionLower: string): number {
  let id = ids.get(actionLower);
  if (id === undefined) {
    if (ids.size >= MAX_ACTIONS) ids.clear();
    id = nextId++;
    ids.set(actionLower, id);
  }
  return id;
}
