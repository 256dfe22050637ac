import type { ContextValue } from './types';
import type { VariableLookup } from './variables';

export interface ContextEntry {
  /** The key as given (explicit) or in canonical case (implied). */
  readonly key: string;
  readonly values: readonly string[];
  /** Given as a list: a multi-valued key (rule 3). */
  readonly multi: boolean;
}

/** Context entries by lower-cased key. */
export type ContextEntries = ReadonlyMap<string, ContextEntry>;

/** Turns a record into entries keyed by lower-cased name; the first spelling of a key wins. */
export function toEntries(record: Readonly<Record<string, ContextValue>>): Map<string, ContextEntry> {
  const entries = new Map<string, ContextEntry>();
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (entries.has(lower)) continue;
    const multi = typeof value !== 'string';
    entries.set(lower, { key, values: multi ? value : [value], multi });
  }
  return entries;
}

/**
 * The request context for one evaluation, looked up by lower-cased key: condition key names are case-insensitive,
 * and so is the tag-key part of `aws:PrincipalTag/…`-style keys (rule 54). The explicit context (what the request
 * gives) wins over the implied layers, which are consulted in order; the implied layers are built once per
 * principal, resource and time and shared between evaluations.
 */
export class RequestContext {
  private readonly explicit: ContextEntries;

  constructor(
    explicit: Readonly<Record<string, ContextValue>>,
    private readonly implied: readonly ContextEntries[],
  ) {
    this.explicit = toEntries(explicit);
  }

  get(keyLower: string): ContextEntry | undefined {
    const found = this.explicit.get(keyLower);
    if (found) return found;
    for (const layer of this.implied) {
      const entry = layer.get(keyLower);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The entry the request itself gives for a key, ignoring what the model implies. */
  givenEntry(keyLower: string): ContextEntry | undefined {
    return this.explicit.get(keyLower);
  }

  /** Single-valued lookup for policy variables: multi-valued keys cannot be variables (rule 57). */
  readonly lookup: VariableLookup = (keyLower) => {
    const entry = this.get(keyLower);
    return entry && !entry.multi ? entry.values[0] : undefined;
  };

  /** The context as a plain record: explicit keys as given, implied ones in canonical case. */
  toRecord(): Record<string, ContextValue> {
    const out: Record<string, ContextValue> = {};
    const explicit = this.explicit;
    explicit.forEach((entry) => {
      out[entry.key] = entry.multi ? entry.values : (entry.values[0] ?? '');
    });
    for (const item of impliedItems(this.implied)) {
      if (!explicit.has(item.lower)) out[item.key] = item.value;
    }
    return out;
  }
}

interface ImpliedItem {
  readonly key: string;
  readonly lower: string;
  readonly value: ContextValue;
}

/**
 * The implied layers flattened into one list (earlier layers win), cached per combination of layer objects, however
 * many layers there are: the layers are themselves cached per principal, resource, service, region and time, so the
 * same few combinations recur.
 */
interface ItemCacheNode {
  readonly next: WeakMap<ContextEntries, ItemCacheNode>;
  items?: readonly ImpliedItem[];
}

const itemCache: ItemCacheNode = { next: new WeakMap() };

function impliedItems(layers: readonly ContextEntries[]): readonly ImpliedItem[] {
  let node = itemCache;
  for (const layer of layers) {
    let next = node.next.get(layer);
    if (!next) node.next.set(layer, (next = { next: new WeakMap() }));
    node = next;
  }
  return (node.items ??= flatten(layers));
}

function flatten(layers: readonly ContextEntries[]): ImpliedItem[] {
  const items: ImpliedItem[] = [];
  for (let i = 0; i < layers.length; i++) {
    layers[i]?.forEach((entry, lower) => {
      if (shadowed(layers, i, lower)) return;
      items.push({ key: entry.key, lower, value: entry.multi ? entry.values : (entry.values[0] ?? '') });
    });
  }
  return items;
}

/** True when an earlier implied layer already has the key. */
function shadowed(layers: readonly ContextEntries[], index: number, lower: string): boolean {
  for (let i = 0; i < index; i++) if (layers[i]?.has(lower)) return true;
  return false;
}
