import { visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';

interface MutableNode {
  type: JsonNode['type'];
  offset: number;
  length: number;
  value?: unknown;
  colonOffset?: number;
  parent?: MutableNode;
  children?: MutableNode[];
}

/**
 * Which object values a sparse tree leaves opaque: `key` is the property the object is the value of, `containerKey`
 * the property whose object holds that property (undefined at the top level).
 */
export type OpaqueRule = (key: string, containerKey: string | undefined) => boolean;

/**
 * A jsonc-parser-compatible tree that leaves out the inside of the objects `isOpaque` picks: those appear as
 * `object` nodes with their offset and length but no children. Models and exports run to tens of megabytes, mostly
 * policy documents; the documents are parsed on their own when a request first reaches them (`parsePolicy`), so
 * building their nodes here too would double the memory and, with it, the garbage collector's work.
 *
 * Strict JSON (what exports and generated models are) takes a fast path that still checks the opaque objects'
 * syntax, so a document left opaque is known to be well-formed JSON. Other text (comments, trailing commas,
 * errors) returns undefined when `strictOnly` is set, so the caller can read it in full; otherwise it takes
 * jsonc-parser's fault-tolerant visitor, which reports where the text goes wrong outside the opaque objects.
 */
export function parseSparseTree(text: string, isOpaque: OpaqueRule, errors: ParseError[], strictOnly = false): JsonNode | undefined {
  const fast = strictSparseTree(text, isOpaque);
  if (fast !== undefined || strictOnly) return fast;
  const top: MutableNode = { type: 'array', offset: -1, length: -1, children: [] };
  let current: MutableNode = top;

  const add = (node: MutableNode): MutableNode => {
    current.children?.push(node);
    return node;
  };
  // A property ends where its value ends (or at the separator/brace after a missing value).
  const closeProperty = (end: number): void => {
    if (current.type === 'property') {
      current.length = end - current.offset;
      current = current.parent ?? top;
    }
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const opaque = current.type === 'property' && isOpaque(String(current.children?.[0]?.value), containerKeyOf(current.parent));
        current = add({ type: 'object', offset, length: -1, parent: current, children: [] });
        // Returning false skips the object's contents; its closing brace still arrives at onObjectEnd.
        return opaque ? false : undefined;
      },
      onObjectProperty: (name, offset, length) => {
        current = add({ type: 'property', offset, length: -1, parent: current, children: [] });
        current.children?.push({ type: 'string', value: name, offset, length, parent: current });
      },
      onObjectEnd: (offset, length) => {
        closeProperty(offset + length);
        current.length = offset + length - current.offset;
        current = current.parent ?? top;
        closeProperty(offset + length);
      },
      onArrayBegin: (offset) => {
        current = add({ type: 'array', offset, length: -1, parent: current, children: [] });
      },
      onArrayEnd: (offset, length) => {
        current.length = offset + length - current.offset;
        current = current.parent ?? top;
        closeProperty(offset + length);
      },
      onLiteralValue: (value: unknown, offset, length) => {
        const type: JsonNode['type'] = value === null ? 'null' : typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : 'string';
        add({ type, offset, length, parent: current, value });
        closeProperty(offset + length);
      },
      onSeparator: (separator, offset) => {
        if (current.type !== 'property') return;
        if (separator === ':') current.colonOffset = offset;
        else if (separator === ',') closeProperty(offset);
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true },
  );
  const root = top.children?.[0];
  if (root) delete root.parent;
  return root as JsonNode | undefined;
}

/** The key of the property whose value is `object`, if any. */
function containerKeyOf(object: MutableNode | undefined): string | undefined {
  const property = object?.parent;
  return property?.type === 'property' ? String(property.children?.[0]?.value) : undefined;
}

/** Thrown inside the fast path when the text is not strict JSON; never escapes this file. */
const NOT_STRICT = Symbol('not strict JSON');
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Control characters JSON never allows raw, anywhere (tab, line feed and carriage return are checked in strings). */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * A single pass over strict JSON that builds the same nodes, checking opaque objects without building anything for
 * them: several times faster than the general visitor on big files. Returns undefined when the text is not strict
 * JSON or nests deeper than `maxDepth`.
 */
export function strictSparseTree(text: string, isOpaque: OpaqueRule, maxDepth = Infinity): JsonNode | undefined {
  if (RAW_CONTROL.test(text)) return undefined;
  let pos = 0;
  let depth = 0;
  const enter = (): void => {
    if (++depth > maxDepth) fail();
  };
  const fail = (): never => {
    throw NOT_STRICT;
  };
  // Where the next tab, line feed, carriage return and backslash are (-1: none left), each searched forward only
  // when passed, so that checking every string costs one pass over the text in all.
  const next = [-2, -2, -2, -2];
  const watched = ['\t', '\n', '\r', '\\'];
  const nextAfter = (k: number, start: number): number => {
    let at = next[k] as number;
    if (at !== -1 && at < start) next[k] = at = text.indexOf(watched[k] as string, start);
    return at;
  };
  /** A string must not span a raw tab or line break. */
  const checkNoBreak = (start: number, end: number): void => {
    for (let k = 0; k < 3; k++) {
      const at = nextAfter(k, start);
      if (at !== -1 && at < end) fail();
    }
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };
  /** Returns the end offset (after the closing quote) of the string starting at `pos`. */
  const stringEnd = (start: number): number => {
    let i = start + 1;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) return fail();
      let backslashes = 0;
      for (let j = quote - 1; text.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) {
        checkNoBreak(start, quote);
        return quote + 1;
      }
      i = quote + 1;
    }
  };
  const checkEscapes = (start: number, end: number): void => {
    const backslash = nextAfter(3, start);
    if (backslash === -1 || backslash >= end) return;
    try {
      JSON.parse(text.slice(start, end));
    } catch {
      fail();
    }
  };
  const readString = (parent: MutableNode | undefined): MutableNode => {
    const start = pos;
    const end = stringEnd(start);
    const raw = text.slice(start + 1, end - 1);
    let value: string;
    if (raw.includes('\\')) {
      try {
        value = JSON.parse(text.slice(start, end)) as string;
      } catch {
        return fail();
      }
    } else value = raw;
    pos = end;
    return { type: 'string', offset: start, length: end - start, value, ...(parent ? { parent } : {}) };
  };
  const literalAt = (word: string): void => {
    if (!text.startsWith(word, pos)) fail();
    pos += word.length;
  };
  const skipNumber = (): void => {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match || match[0].length === 0) fail();
    pos += (match as RegExpExecArray)[0].length;
  };
  /** Checks one value's syntax and moves past it, building nothing (the inside of an opaque object). */
  const skipValue = (): void => {
    skipSpace();
    const c = text.charCodeAt(pos);
    if (c === 34) {
      const end = stringEnd(pos);
      checkEscapes(pos, end);
      pos = end;
    } else if (c === 123 || c === 91) {
      const close = c === 123 ? 125 : 93;
      enter();
      pos++;
      skipSpace();
      if (text.charCodeAt(pos) === close) {
        pos++;
        depth--;
        return;
      }
      for (;;) {
        if (c === 123) {
          skipSpace();
          if (text.charCodeAt(pos) !== 34) fail();
          const end = stringEnd(pos);
          checkEscapes(pos, end);
          pos = end;
          skipSpace();
          if (text.charCodeAt(pos++) !== 58) fail();
        }
        skipValue();
        skipSpace();
        const next = text.charCodeAt(pos++);
        if (next === close) {
          depth--;
          return;
        }
        if (next !== 44) fail();
      }
    } else if (c === 116) literalAt('true');
    else if (c === 102) literalAt('false');
    else if (c === 110) literalAt('null');
    else skipNumber();
  };
  const readValue = (parent: MutableNode | undefined): MutableNode => {
    skipSpace();
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 123 /* { */) {
      const node: MutableNode = { type: 'object', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
      const containerKey = parent?.type === 'property' ? String(parent.children?.[0]?.value) : undefined;
      enter();
      pos++;
      skipSpace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        for (;;) {
          skipSpace();
          if (text.charCodeAt(pos) !== 34) fail();
          const property: MutableNode = { type: 'property', offset: pos, length: 0, parent: node, children: [] };
          const key = readString(property);
          property.children?.push(key);
          skipSpace();
          if (text.charCodeAt(pos) !== 58 /* : */) fail();
          property.colonOffset = pos;
          pos++;
          skipSpace();
          let value: MutableNode;
          if (text.charCodeAt(pos) === 123 && isOpaque(String(key.value), containerKey)) {
            const valueStart = pos;
            skipValue();
            value = { type: 'object', offset: valueStart, length: pos - valueStart, parent: property, children: [] };
          } else value = readValue(property);
          property.children?.push(value);
          property.length = value.offset + value.length - property.offset;
          node.children?.push(property);
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) fail();
        }
      }
      node.length = pos - start;
      depth--;
      return node;
    }
    if (c === 91 /* [ */) {
      const node: MutableNode = { type: 'array', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
      enter();
      pos++;
      skipSpace();
      if (text.charCodeAt(pos) === 93) pos++;
      else {
        for (;;) {
          node.children?.push(readValue(node));
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 93) break;
          if (next !== 44) fail();
        }
      }
      node.length = pos - start;
      depth--;
      return node;
    }
    if (c === 34) return readString(parent);
    const literal = (word: string, type: JsonNode['type'], value: unknown): MutableNode => {
      if (!text.startsWith(word, pos)) fail();
      pos += word.length;
      return { type, offset: start, length: word.length, value, ...(parent ? { parent } : {}) };
    };
    if (c === 116) return literal('true', 'boolean', true);
    if (c === 102) return literal('false', 'boolean', false);
    if (c === 110) return literal('null', 'null', null);
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match || match[0].length === 0) return fail();
    pos += match[0].length;
    return { type: 'number', offset: start, length: match[0].length, value: Number(match[0]), ...(parent ? { parent } : {}) };
  };
  try {
    const root = readValue(undefined);
    skipSpace();
    if (pos !== text.length) return undefined;
    return root as JsonNode;
  } catch (error) {
    if (error === NOT_STRICT) return undefined;
    // Anything else (a stack overflow on absurd nesting) also falls back to the fault-tolerant path.
    return undefined;
  }
}
