/**
 * Mutations of JSON texts, at two levels:
 *   - text mutations (delete, duplicate, insert a token, truncate, flip case…) that mostly break the syntax and so
 *     exercise the parser's recovery and everything that runs on a partial tree;
 *   - structural mutations on the parsed value (replace a value with one of another type, drop or rename a key, add
 *     a condition, nest deeper…) that keep valid JSON and so reach the validator's rules and the evaluator.
 */
import { parse, type ParseError } from 'jsonc-parser';
import type { Prng } from './prng';
import { ACTIONS, CONDITION_KEYS, CONDITION_VALUES, ELEMENT_NAMES, ODD_VALUES, OPERATORS, PRINCIPALS, RESOURCES, TOKENS } from './vocabulary';

export type TextMutator = (text: string, rng: Prng) => string;

function position(text: string, rng: Prng): number {
  return rng.int(0, text.length);
}

function range(text: string, rng: Prng, maxLength = 40): [number, number] {
  const start = position(text, rng);
  return [start, Math.min(text.length, start + rng.int(0, maxLength))];
}

export const TEXT_MUTATORS: Readonly<Record<string, TextMutator>> = {
  deleteRange(text, rng) {
    const [a, b] = range(text, rng);
    return text.slice(0, a) + text.slice(b);
  },
  duplicateRange(text, rng) {
    const [a, b] = range(text, rng);
    const at = position(text, rng);
    return text.slice(0, at) + text.slice(a, b) + text.slice(at);
  },
  repeatRange(text, rng) {
    const [a, b] = range(text, rng, 20);
    return text.slice(0, b) + text.slice(a, b).repeat(rng.int(2, 200)) + text.slice(b);
  },
  insertToken(text, rng) {
    const at = position(text, rng);
    return text.slice(0, at) + rng.pick(TOKENS) + text.slice(at);
  },
  replaceChar(text, rng) {
    if (text.length === 0) return rng.pick(TOKENS);
    const at = rng.int(0, text.length - 1);
    return text.slice(0, at) + String.fromCharCode(rng.int(0, 0xffff)) + text.slice(at + 1);
  },
  truncate(text, rng) {
    return text.slice(0, position(text, rng));
  },
  swapRanges(text, rng) {
    const [a, b] = range(text, rng, 30);
    const [c, d] = range(text, rng, 30);
    if (b > c) return text.slice(0, c) + text.slice(c, d) + text.slice(a, b) + text.slice(d);
    return text.slice(0, a) + text.slice(c, d) + text.slice(b, c) + text.slice(a, b) + text.slice(d);
  },
  flipCase(text, rng) {
    const [a, b] = range(text, rng, 60);
    const part = text.slice(a, b);
    return text.slice(0, a) + (rng.chance(0.5) ? part.toUpperCase() : part.toLowerCase()) + text.slice(b);
  },
  deepNesting(text, rng) {
    const depth = rng.int(10, 3000);
    const at = position(text, rng);
    const open = rng.chance(0.5) ? '['.repeat(depth) : '{"a":'.repeat(depth);
    return text.slice(0, at) + open + (rng.chance(0.5) ? '' : open.includes('{') ? '1' + '}'.repeat(depth) : ']'.repeat(depth)) + text.slice(at);
  },
  crlf(text) {
    return text.replace(/\n/g, '\r\n');
  },
  stripWhitespace(text) {
    return text.replace(/\s+/g, '');
  },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A random JSON-compatible value drawn from the IAM vocabulary and the odd values. */
function interestingValue(rng: Prng): Json {
  switch (rng.int(0, 7)) {
    case 0:
      return rng.pick(ACTIONS);
    case 1:
      return rng.pick(RESOURCES);
    case 2:
      return rng.pick(PRINCIPALS);
    case 3:
      return rng.pick(CONDITION_VALUES);
    case 4:
      return rng.sample(ACTIONS, rng.int(0, 4));
    case 5:
      return {
        [rng.pick(OPERATORS)]: { [rng.pick(CONDITION_KEYS)]: rng.chance(0.5) ? rng.pick(CONDITION_VALUES) : rng.sample(CONDITION_VALUES, rng.int(0, 3)) },
      };
    case 6:
      return {
        [rng.pick(['AWS', 'Service', 'Federated', 'CanonicalUser', 'aws', 'Other'])]: rng.chance(0.5)
          ? rng.pick(PRINCIPALS)
          : rng.sample(PRINCIPALS, rng.int(0, 3)),
      };
    default:
      return structuredClone(rng.pick(ODD_VALUES)) as Json;
  }
}

interface Slot {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string | number;
}

/** Every place in the value where a child sits, so a mutation can pick one uniformly. */
function slots(value: Json, found: Slot[] = [], depth = 0): Slot[] {
  if (depth > 64 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    value.forEach((child, i) => {
      found.push({ parent: value, key: i });
      slots(child, found, depth + 1);
    });
  } else {
    for (const key of Object.keys(value)) {
      found.push({ parent: value, key });
      slots(value[key] as Json, found, depth + 1);
    }
  }
  return found;
}

function get(slot: Slot): Json {
  return (slot.parent as Record<string | number, Json>)[slot.key] as Json;
}

function set(slot: Slot, value: Json): void {
  (slot.parent as Record<string | number, Json>)[slot.key] = value;
}

export type ValueMutator = (root: Json, rng: Prng) => Json;

export const VALUE_MUTATORS: Readonly<Record<string, ValueMutator>> = {
  replaceValue(root, rng) {
    const all = slots(root);
    if (all.length === 0) return interestingValue(rng);
    set(rng.pick(all), interestingValue(rng));
    return root;
  },
  deleteKey(root, rng) {
    const all = slots(root);
    if (all.length === 0) return root;
    const slot = rng.pick(all);
    if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
    else delete slot.parent[slot.key as string];
    return root;
  },
  renameKey(root, rng) {
    const objects = slots(root).filter((s) => !Array.isArray(s.parent));
    if (objects.length === 0) return root;
    const slot = rng.pick(objects);
    const parent = slot.parent as { [key: string]: Json };
    const value = parent[slot.key as string] as Json;
    delete parent[slot.key as string];
    const name = rng.chance(0.6) ? rng.pick(ELEMENT_NAMES) : rng.chance(0.5) ? rng.pick(OPERATORS) : rng.pick(CONDITION_KEYS);
    parent[name] = value;
    return root;
  },
  wrapInArray(root, rng) {
    const all = slots(root);
    if (all.length === 0) return [root];
    const slot = rng.pick(all);
    set(slot, [get(slot)]);
    return root;
  },
  unwrapArray(root, rng) {
    const arrays = slots(root).filter((s) => Array.isArray(get(s)));
    if (arrays.length === 0) return root;
    const slot = rng.pick(arrays);
    const items = get(slot) as Json[];
    set(slot, items.length > 0 ? (items[0] as Json) : null);
    return root;
  },
  duplicateSubtree(root, rng) {
    const arrays = slots(root).filter((s) => Array.isArray(get(s)));
    if (arrays.length === 0) return root;
    const items = get(rng.pick(arrays)) as Json[];
    const copies = rng.int(1, rng.chance(0.1) ? 500 : 5);
    if (items.length > 0) for (let i = 0; i < copies; i++) items.push(structuredClone(rng.pick(items)));
    return root;
  },
  addCondition(root, rng) {
    const objects = [root, ...slots(root).map(get)].filter((v): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v));
    if (objects.length === 0) return root;
    const target = rng.pick(objects);
    const values: Json = rng.chance(0.5) ? rng.pick(CONDITION_VALUES) : rng.sample(CONDITION_VALUES, rng.int(0, 4));
    target['Condition'] = { [rng.pick(OPERATORS)]: { [rng.pick(CONDITION_KEYS)]: values } };
    return root;
  },
  swapEffect(root, rng) {
    for (const slot of slots(root)) {
      if (slot.key === 'Effect') set(slot, rng.pick(['Allow', 'Deny', 'allow', '', 'Audit']));
    }
    return root;
  },
};

/**
 * Inputs stop growing at this size: stacked duplications and deep nesting serialised with indentation otherwise
 * reach tens of megabytes (and JavaScript's string limit), which tests the machine rather than the code. The
 * documents-far-beyond-quotas cases live in test/unit/fuzz/limits.test.ts.
 */
export const MAX_INPUT_LENGTH = 1_000_000;

/** Serialises with a random layout, since spans and line indexes must hold for every layout. */
export function serialise(value: Json, rng: Prng): string {
  const indent = rng.pick([0, 2, 4, '\t']);
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch {
    // Too long for a string even before the cap: fall back to the compact form, then to nothing.
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      return 'null';
    }
  }
}

/**
 * One mutation of a JSON text: structural (when the text parses) or textual, sometimes several stacked.
 * Returns the new text and the names of the mutations applied, for the failure report.
 */
export function mutateText(text: string, rng: Prng): { text: string; mutations: string[] } {
  const mutations: string[] = [];
  let current = text;
  const rounds = rng.chance(0.7) ? 1 : rng.int(2, 5);
  for (let i = 0; i < rounds; i++) {
    if (current.length > MAX_INPUT_LENGTH / 5) {
      // Large already: only mutations that do not grow it (structural ones can multiply it a hundredfold).
      const name = rng.pick(['deleteRange', 'truncate', 'replaceChar', 'flipCase', 'swapRanges', 'stripWhitespace']);
      mutations.push(name);
      current = (TEXT_MUTATORS[name] as TextMutator)(current, rng);
      continue;
    }
    let parsed: Json | undefined;
    if (rng.chance(0.6)) {
      // jsonc-parser, so that documents with comments (example models) get structural mutations too.
      const errors: ParseError[] = [];
      const value = parse(current, errors, { allowTrailingComma: true }) as Json | undefined;
      parsed = errors.length === 0 && value !== undefined ? value : undefined;
    }
    if (parsed !== undefined) {
      const name = rng.pick(Object.keys(VALUE_MUTATORS));
      mutations.push(name);
      current = serialise((VALUE_MUTATORS[name] as ValueMutator)(parsed, rng), rng);
    } else {
      const name = rng.pick(Object.keys(TEXT_MUTATORS));
      mutations.push(name);
      current = (TEXT_MUTATORS[name] as TextMutator)(current, rng);
    }
    if (current.length > MAX_INPUT_LENGTH) {
      current = current.slice(0, MAX_INPUT_LENGTH);
      mutations.push('capped');
      break;
    }
  }
  return { text: current, mutations };
}

/** Random JSON with IAM-flavoured keys and values, up to `depth` levels. */
export function randomJson(rng: Prng, depth = 4): Json {
  if (depth <= 0 || rng.chance(0.35)) return interestingValue(rng);
  if (rng.chance(0.4)) {
    const length = rng.int(0, 5);
    return Array.from({ length }, () => randomJson(rng, depth - 1));
  }
  const object: { [key: string]: Json } = {};
  for (let i = rng.int(0, 6); i > 0; i--) {
    const key = rng.chance(0.6) ? rng.pick(ELEMENT_NAMES) : rng.chance(0.5) ? rng.pick(OPERATORS) : rng.pick(CONDITION_KEYS);
    object[key] = randomJson(rng, depth - 1);
  }
  return object;
}

export type { Json };
