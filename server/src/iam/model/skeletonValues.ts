import { isArrayIndex } from './arrayIndexKey';
import type { OpaqueRule } from './sparseTree';
import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, StrictJsonText } from './strictJson';

/**
 * An object a skeleton reading left as text (a policy document): its place in the file, its syntax checked as strict
 * JSON. It is read from its own text when a request first reaches it.
 */
export class OpaqueObject {
  constructor(
    readonly offset: number,
    readonly length: number,
    /** The keys its text writes (JSON.parse keeps one of a key given twice: fewer keys read means a duplicate). */
    readonly keys: number,
  ) {}
}

/**
 * The value `JSON.parse` would read from a model's text, except that the objects `isOpaque` picks (its policy
 * documents, most of its text) are `OpaqueObject`s: the structure is built, the documents only passed over and checked.
 * A one-request run on a large model then builds objects for a tenth of the text instead of all of it, and with no
 * document's value resident the garbage collector has little to copy.
 *
 * It refuses (undefined, and the caller reads a tree of nodes) anything but strict JSON, nesting deeper than
 * `maxDepth`, and, outside the documents, a key given twice, a key that is an array index (see arrayIndexKey.ts) and
 * a `__proto__` key (an assignment would not make it a property). Inside a document a key given twice or an array
 * index is for whoever reads the document, from its text: its value alone is not trusted there.
 */
export function readSkeleton(text: string, isOpaque: OpaqueRule, maxDepth: number): unknown {
  const reader = new SkeletonReader(text, isOpaque, maxDepth);
  try {
    const value = reader.value(reader.strict.spaceEnd(0), 1, undefined, undefined, undefined);
    return reader.strict.spaceEnd(reader.pos) === text.length ? value : undefined;
  } catch (error) {
    // Refused text, or a stack overflow on absurd nesting: either way the caller reads a tree.
    if (error === REFUSED || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The object an earlier reading left as `opaque` (at its depth, counting the root as 1, as the value of `key` in an
 * object that is the value of `containerKey`), read as
 * `readSkeleton` reads one, with `isOpaque` for what is inside it; undefined where `readSkeleton` would have refused
 * the text.
 */
export function openOpaqueObject(
  text: string,
  opaque: OpaqueObject,
  isOpaque: OpaqueRule,
  maxDepth: number,
  at: { readonly depth: number; readonly key: string; readonly containerKey: string | undefined },
): Record<string, unknown> | undefined {
  const reader = new SkeletonReader(text, isOpaque, maxDepth);
  try {
    return reader.openObject(opaque.offset, at.depth, at.key, at.containerKey);
  } catch (error) {
    if (error === REFUSED || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Thrown inside the reader at the first thing it refuses; never escapes this file. */
const REFUSED = Symbol('refused');

class SkeletonReader {
  readonly strict: StrictJsonText;
  /** Where the reader is: after the value just read. */
  pos = 0;

  constructor(
    readonly text: string,
    private readonly isOpaque: OpaqueRule,
    private readonly maxDepth: number,
  ) {
    this.strict = new StrictJsonText(text, maxDepth);
  }

  /**
   * The value starting at `start`, which is `depth` containers deep counting itself, and is the value of property
   * `key` of an object that is itself the value of `containerKey`, in an object that is the value of `outerKey` (each
   * undefined where there is no such property).
   */
  value(start: number, depth: number, key: string | undefined, containerKey: string | undefined, outerKey: string | undefined): unknown {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === QUOTE) return this.string(start);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth > this.maxDepth) throw REFUSED;
      if (c === OPEN_ARRAY) return this.array(start, depth);
      if (key !== undefined && this.isOpaque(key, containerKey, outerKey, depth)) {
        const keysBefore = this.strict.keys;
        const end = this.strict.valueEnd(start, depth - 1);
        if (end < 0) throw REFUSED;
        this.pos = end;
        return new OpaqueObject(start, end - start, this.strict.keys - keysBefore);
      }
      return this.object(start, depth, key, containerKey);
    }
    return this.scalar(start, c);
  }

  /** The object at `start` read as if it were not opaque (see `openOpaqueObject`). */
  openObject(start: number, depth: number, ownKey: string, containerKey: string | undefined): Record<string, unknown> {
    if (depth > this.maxDepth) throw REFUSED;
    return this.object(start, depth, ownKey, containerKey);
  }

  /** The object at `start`, the value of `ownKey` in an object that is the value of `containerKey`. */
  private object(start: number, depth: number, ownKey: string | undefined, containerKey: string | undefined): Record<string, unknown> {
    const text = this.text;
    const strict = this.strict;
    const object: Record<string, unknown> = {};
    let pos = strict.spaceEnd(start + 1);
    if (text.charCodeAt(pos) === CLOSE_OBJECT) {
      this.pos = pos + 1;
      return object;
    }
    for (;;) {
      if (text.charCodeAt(pos) !== QUOTE) throw REFUSED;
      const key = this.string(pos);
      if (key === '__proto__' || isArrayIndex(key) || Object.hasOwn(object, key)) throw REFUSED;
      pos = strict.spaceEnd(this.pos);
      if (text.charCodeAt(pos) !== COLON) throw REFUSED;
      object[key] = this.value(strict.spaceEnd(pos + 1), depth + 1, key, ownKey, containerKey);
      pos = strict.spaceEnd(this.pos);
      const c = text.charCodeAt(pos);
      if (c === CLOSE_OBJECT) break;
      if (c !== COMMA) throw REFUSED;
      pos = strict.spaceEnd(pos + 1);
    }
    this.pos = pos + 1;
    return object;
  }

  private array(start: number, depth: number): unknown[] {
    const text = this.text;
    const strict = this.strict;
    const items: unknown[] = [];
    let pos = strict.spaceEnd(start + 1);
    if (text.charCodeAt(pos) === CLOSE_ARRAY) {
      this.pos = pos + 1;
      return items;
    }
    for (;;) {
      items.push(this.value(pos, depth + 1, undefined, undefined, undefined));
      pos = strict.spaceEnd(this.pos);
      const c = text.charCodeAt(pos);
      if (c === CLOSE_ARRAY) break;
      if (c !== COMMA) throw REFUSED;
      pos = strict.spaceEnd(pos + 1);
    }
    this.pos = pos + 1;
    return items;
  }

  private string(start: number): string {
    const end = this.strict.stringEnd(start);
    if (end < 0) throw REFUSED;
    this.pos = end;
    // Most strings hold no escape: their value is their text between the quotes.
    return this.strict.escaped ? (JSON.parse(this.text.slice(start, end)) as string) : this.text.slice(start + 1, end - 1);
  }

  private scalar(start: number, c: number): unknown {
    const end = this.strict.scalarEnd(start, c);
    if (end < 0) throw REFUSED;
    this.pos = end;
    // `true`, `false`, `null` or a number, checked above: as JSON reads it.
    return JSON.parse(this.text.slice(start, end)) as unknown;
  }
}
