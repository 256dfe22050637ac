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
 * A jsonc-parser-compatible tree that leaves out the inside of objects under the given keys: those appear as
 * `object` nodes with their offset and length but no children. Authorization-details exports run to tens of
 * megabytes, mostly policy documents; the documents are parsed on their own anyway (`parsePolicy`), so building
 * their nodes twice would double the memory and, with it, the garbage collector's work on a large export.
 */
export function parseSparseTree(text: string, opaqueKeys: ReadonlySet<string>, errors: ParseError[]): JsonNode | undefined {
  // Strict JSON (what exports are) takes the fast path; anything else (comments, errors) the fault-tolerant one,
  // which also reports where the text goes wrong.
  const fast = fastSparseTree(text, opaqueKeys);
  if (fast !== undefined) return fast;
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
        const opaque = current.type === 'property' && opaqueKeys.has(String(current.children?.[0]?.value));
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

/** Thrown inside the fast path when the text is not strict JSON; never escapes this file. */
const NOT_STRICT = Symbol('not strict JSON');
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * A single pass over strict JSON that builds the same nodes, skipping opaque objects by bracket counting (strings
 * and escapes respected) instead of tokenising them: several times faster than the general visitor on big exports.
 * Returns undefined when the text is not strict JSON.
 */
function fastSparseTree(text: string, opaqueKeys: ReadonlySet<string>): JsonNode | undefined {
  let pos = 0;
  const fail = (): never => {
    throw NOT_STRICT;
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
      if (backslashes % 2 === 0) return quote + 1;
      i = quote + 1;
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
  const skipComposite = (): void => {
    let depth = 0;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail();
      if (c === 34) {
        pos = stringEnd(pos);
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          pos++;
          return;
        }
      }
      pos++;
    }
  };
  const readValue = (parent: MutableNode | undefined): MutableNode => {
    skipSpace();
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 123 /* { */) {
      const node: MutableNode = { type: 'object', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
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
          if (opaqueKeys.has(String(key.value)) && text.charCodeAt(pos) === 123) {
            const valueStart = pos;
            skipComposite();
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
      return node;
    }
    if (c === 91 /* [ */) {
      const node: MutableNode = { type: 'array', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
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
