/**
 * Resolved template values as plain JSON, for account models built from templates. A value the template leaves open
 * becomes a marker that matches nothing real (`UNRESOLVED(Fn::ImportValue)`), so a simulation never grants or denies
 * on a guess: the request it would have concerned is simply not matched by that element.
 */
import type { ResolvedValue } from './resolvedValue';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function toJson(value: ResolvedValue): Json {
  switch (value.kind) {
    case 'string':
      return value.pieces.map((piece) => (piece.unknown ? `UNRESOLVED(${(piece.label ?? 'value').replace(/[^A-Za-z0-9:._-]/g, '_')})` : piece.text)).join('');
    case 'seq':
      return value.items.map(toJson);
    case 'map': {
      const object: { [key: string]: Json } = {};
      for (const entry of value.entries) object[entry.key] = toJson(entry.value);
      return object;
    }
    default:
      return value.value;
  }
}

/** A resolved string, or undefined when it is not one or holds an unknown. */
export function knownText(value: ResolvedValue | 'absent' | undefined): string | undefined {
  if (value === 'absent' || value?.kind !== 'string' || value.pieces.some((piece) => piece.unknown)) return undefined;
  return value.pieces.map((piece) => piece.text).join('');
}
