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
 * the property whose object holds that property, `outerKey` the property whose object holds that one (each undefined
 * where there is none: at the top, or in an array), and `depth` the object's depth, counting the root as 1. A key's
 * name alone does not say what its object is (a group may be named `policies`).
 */
export type OpaqueRule = (key: string, containerKey: string | undefined, outerKey: string | undefined, depth: number) => boolean;

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
  return fast !== undefined || strictOnly ? fast : tolerantSparseTree(text, isOpaque, errors);
}

/**
 * The fault-tolerant half of `parseSparseTree`, for a caller whose strict pass has failed already (a second one over
 * tens of megabytes costs what the first did). It recurses: check the text's nesting first.
 */
export function tolerantSparseTree(text: string, isOpaque: OpaqueRule, errors: ParseError[]): JsonNode | undefined {
  const top: MutableNode = { type: 'array', offset: -1, length: -1, children: [] };
  let current: MutableNode = top;
  /** How many objects and arrays are open. */
  let depth = 0;

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
        const opaque =
          current.type === 'property' &&
          isOpaque(String(current.children?.[0]?.value), containerKeyOf(current.parent), containerKeyOf(current.parent?.parent?.parent), depth + 1);
        depth++;
        current = add({ type: 'object', offset, length: -1, parent: current, children: [] });
        // Returning false skips the object's contents; its closing brace still arrives at onObjectEnd.
        return opaque ? false : undefined;
      },
      onObjectProperty: (name, offset, length) => {
        current = add({ type: 'property', offset, length: -1, parent: current, children: [] });
        current.children?.push({ type: 'string', value: name, offset, length, parent: current });
      },
      onObjectEnd: (offset, length) => {
        depth--;
        closeProperty(offset + length);
        current.length = offset + length - current.offset;
        current = current.parent ?? top;
        closeProperty(offset + length);
      },
      onArrayBegin: (offset) => {
        depth++;
        current = add({ type: 'array', offset, length: -1, parent: current, children: [] });
      },
      onArrayEnd: (offset, length) => {
        depth--;
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

/** True when the text holds a control character that strict JSON allows nowhere. */
export function hasRawControl(text: string): boolean {
  return RAW_CONTROL.test(text);
}

/**
 * A single pass over strict JSON that builds the same nodes, checking opaque objects without building anything for
 * them: several times faster than the general visitor on big files. Returns undefined when the text is not strict
 * JSON or nests deeper than `maxDepth`.
 */
export function strictSparseTree(text: string, isOpaque: OpaqueRule, maxDepth = Infinity): JsonNode | undefined {
  if (hasRawControl(text)) return undefined;
  const scanner = new StrictScanner(text, isOpaque, maxDepth);
  try {
    const root = scanner.readValue(undefined);
    scanner.skipSpace();
    if (scanner.pos !== text.length) return undefined;
    return root as JsonNode;
  } catch (error) {
    if (error === NOT_STRICT) return undefined;
    // Anything else (a stack overflow on absurd nesting) also falls back to the fault-tolerant path.
    return undefined;
  }
}

/** Characters a string is checked for (tab, line feed, carriage return, backslash), in the order of `next`. */
const WATCHED = ['\t', '\n', '\r', '\\'];

/**
 * The strict scanner's state and steps; each step throws at the first thing strict JSON does not allow. The export
 * scanner (`exportScanner.ts`) builds on its steps to read an export straight into records.
 */
export class StrictScanner {
  pos = 0;
  private depth = 0;
  /**
   * Where the next tab, line feed, carriage return and backslash are (-1: none left), each searched forward only
   * when passed, so that checking every string costs one pass over the text in all.
   */
  private readonly next = [-2, -2, -2, -2];

  constructor(
    protected readonly text: string,
    private readonly isOpaque: OpaqueRule,
    private readonly maxDepth: number,
  ) {}

  protected fail(): never {
    throw NOT_STRICT;
  }

  protected enter(): void {
    if (++this.depth > this.maxDepth) this.fail();
  }

  protected leave(): void {
    this.depth--;
  }

  private nextAfter(k: number, start: number): number {
    let at = this.next[k] as number;
    if (at !== -1 && at < start) this.next[k] = at = this.text.indexOf(WATCHED[k] as string, start);
    return at;
  }

  /** A string must not span a raw tab or line break. */
  private checkNoBreak(start: number, end: number): void {
    for (let k = 0; k < 3; k++) {
      const at = this.nextAfter(k, start);
      if (at !== -1 && at < end) this.fail();
    }
  }

  skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else return;
    }
  }

  /** Returns the end offset (after the closing quote) of the string starting at `start`. */
  protected stringEnd(start: number): number {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) return this.fail();
      let backslashes = 0;
      for (let j = quote - 1; text.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) {
        this.checkNoBreak(start, quote);
        return quote + 1;
      }
      i = quote + 1;
    }
  }

  protected checkEscapes(start: number, end: number): void {
    const backslash = this.nextAfter(3, start);
    if (backslash === -1 || backslash >= end) return;
    try {
      JSON.parse(this.text.slice(start, end));
    } catch {
      this.fail();
    }
  }

  /** True when the string from `start` to `end` (quotes included) has a backslash, and so escapes to decode. */
  protected hasEscape(start: number, end: number): boolean {
    const backslash = this.nextAfter(3, start);
    return backslash !== -1 && backslash < end;
  }

  /** The string at the scanner's position, decoded, with the scanner moved past it. */
  protected readStringValue(): string {
    const start = this.pos;
    const end = this.stringEnd(start);
    let value: string;
    // The next backslash is tracked for the escape checks anyway: a string without one is its raw text.
    if (this.hasEscape(start, end)) {
      try {
        value = JSON.parse(this.text.slice(start, end)) as string;
      } catch {
        return this.fail();
      }
    } else value = this.text.slice(start + 1, end - 1);
    this.pos = end;
    return value;
  }

  private readString(parent: MutableNode | undefined): MutableNode {
    const start = this.pos;
    const value = this.readStringValue();
    return { type: 'string', offset: start, length: this.pos - start, value, ...(parent ? { parent } : {}) };
  }

  protected literalAt(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
  }

  /** The length of the number at the scanner's position. */
  private numberLength(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match || match[0].length === 0) return this.fail();
    return match[0].length;
  }

  /** Checks one value's syntax and moves past it, building nothing (the inside of an opaque object). */
  protected skipValue(): void {
    this.skipSpace();
    const c = this.text.charCodeAt(this.pos);
    if (c === 34) {
      const end = this.stringEnd(this.pos);
      this.checkEscapes(this.pos, end);
      this.pos = end;
    } else if (c === 123 || c === 91) this.skipContainer(c);
    else if (c === 116) this.literalAt('true');
    else if (c === 102) this.literalAt('false');
    else if (c === 110) this.literalAt('null');
    else this.pos += this.numberLength();
  }

  /** An object (`{`, 123) or array (`[`, 91) skipped whole. */
  private skipContainer(open: number): void {
    const text = this.text;
    const close = open === 123 ? 125 : 93;
    this.enter();
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === close) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      if (open === 123) {
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 34) this.fail();
        const end = this.stringEnd(this.pos);
        this.checkEscapes(this.pos, end);
        this.pos = end;
        this.skipSpace();
        if (text.charCodeAt(this.pos++) !== 58) this.fail();
      }
      this.skipValue();
      this.skipSpace();
      const next = text.charCodeAt(this.pos++);
      if (next === close) {
        this.depth--;
        return;
      }
      if (next !== 44) this.fail();
    }
  }

  readValue(parent: MutableNode | undefined): MutableNode {
    this.skipSpace();
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    if (c === 123 /* { */) return this.readObject(parent);
    if (c === 91 /* [ */) return this.readArray(parent);
    if (c === 34) return this.readString(parent);
    const literal = (word: string, type: JsonNode['type'], value: unknown): MutableNode => {
      this.literalAt(word);
      return { type, offset: start, length: word.length, value, ...(parent ? { parent } : {}) };
    };
    if (c === 116) return literal('true', 'boolean', true);
    if (c === 102) return literal('false', 'boolean', false);
    if (c === 110) return literal('null', 'null', null);
    const length = this.numberLength();
    this.pos += length;
    return { type: 'number', offset: start, length, value: Number(this.text.slice(start, start + length)), ...(parent ? { parent } : {}) };
  }

  /** An object with its properties; an opaque one (by `isOpaque`) is checked and kept as an empty node with its span. */
  private readObject(parent: MutableNode | undefined): MutableNode {
    const text = this.text;
    const start = this.pos;
    const node: MutableNode = { type: 'object', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
    const containerKey = parent?.type === 'property' ? String(parent.children?.[0]?.value) : undefined;
    const outerKey = containerKeyOf(parent?.parent);
    this.enter();
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 125) this.pos++;
    else {
      for (;;) {
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 34) this.fail();
        const property: MutableNode = { type: 'property', offset: this.pos, length: 0, parent: node, children: [] };
        const key = this.readString(property);
        property.children?.push(key);
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 58 /* : */) this.fail();
        property.colonOffset = this.pos;
        this.pos++;
        this.skipSpace();
        let value: MutableNode;
        if (text.charCodeAt(this.pos) === 123 && this.isOpaque(String(key.value), containerKey, outerKey, this.depth + 1)) {
          const valueStart = this.pos;
          this.skipValue();
          value = { type: 'object', offset: valueStart, length: this.pos - valueStart, parent: property, children: [] };
        } else value = this.readValue(property);
        property.children?.push(value);
        property.length = value.offset + value.length - property.offset;
        node.children?.push(property);
        this.skipSpace();
        const next = text.charCodeAt(this.pos++);
        if (next === 125) break;
        if (next !== 44) this.fail();
      }
    }
    node.length = this.pos - start;
    this.depth--;
    return node;
  }

  private readArray(parent: MutableNode | undefined): MutableNode {
    const text = this.text;
    const start = this.pos;
    const node: MutableNode = { type: 'array', offset: start, length: 0, children: [], ...(parent ? { parent } : {}) };
    this.enter();
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 93) this.pos++;
    else {
      for (;;) {
        node.children?.push(this.readValue(node));
        this.skipSpace();
        const next = text.charCodeAt(this.pos++);
        if (next === 93) break;
        if (next !== 44) this.fail();
      }
    }
    node.length = this.pos - start;
    this.depth--;
    return node;
  }
}
