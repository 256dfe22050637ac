import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';
import { holdsRefusedCharacter, MAX_NESTING_DEPTH } from '../parser/parsePolicy';
import { keysWritten } from '../parser/plainPolicy';
import { isArrayIndex } from './arrayIndexKey';
import { OpaqueObject, openOpaqueObject, readSkeleton } from './skeletonValues';
import type { OpaqueRule } from './sparseTree';
import { ValueLocator } from './valueLocator';

/** From this length on (a megabyte of text, some thousands of principals), a model or test file is read as values. */
export const VALUES_FROM = 1 << 20;

/**
 * A model file read as values, as the runtime's own `JSON.parse` reads it (several times the speed of any scanner
 * written in JavaScript, in half the memory of a tree of nodes), seen through jsonc-parser's `Node` shape so that the
 * model's readers and their messages are the same as for a tree. Positions are found when something reads one, a
 * message or an explanation (`ValueLocator`): a model without problems asks for none while loading.
 *
 * With `opaque`, the objects it picks (a model's policy documents) are left as their text (skeletonValues.ts) and
 * appear as objects without children, as in a sparse tree; each is read from its text when a request reaches it.
 *
 * Only text whose every reading is the same is read this way: strict JSON (JSON.parse throws on anything else),
 * without duplicate keys (JSON.parse keeps the last silently, the tree both), without keys that are array indices
 * (JSON.parse lists those first, the tree in order) and nested no deeper than a tree is read; inside a document left
 * as text, those are checked when the document is read. Anything else is undefined, and the caller reads a tree of
 * nodes as before, with its diagnostics.
 */
export function readValueTree(text: string, opaque?: OpaqueRule): ValueNode | undefined {
  if (opaque) {
    const skeleton = readSkeleton(text, opaque, MAX_NESTING_DEPTH);
    return skeleton === undefined ? undefined : new ValueNode(skeleton, new ValueFile(text, opaque), undefined, 0);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = keyCount(value, 1);
  if (keys < 0 || keys !== keysWritten(text)) return undefined;
  return new ValueNode(value, new ValueFile(text), undefined, 0);
}

/**
 * The keys of every object in the value, or -1 when a reading with positions could differ: a key that is an array
 * index, or nesting past MAX_NESTING_DEPTH (which the tree reports).
 */
function keyCount(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > MAX_NESTING_DEPTH) return -1;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = keyCount(item, depth + 1);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    if (isArrayIndex(key)) return -1;
    const inner = keyCount((value as Record<string, unknown>)[key], depth + 1);
    if (inner < 0) return -1;
    count += inner + 1;
  }
  return count;
}

/** What the nodes of one file share: its text, where things are in it, and what its documents may be read as. */
class ValueFile {
  readonly locator: ValueLocator;
  private refusesNothing: boolean | undefined;

  constructor(
    readonly text: string,
    /** What the reading left as text, the same inside an object opened later (`ValueNode.opened`). */
    readonly opaque?: OpaqueRule,
  ) {
    this.locator = new ValueLocator(text);
  }

  /**
   * No character AWS refuses anywhere in the file, so no document holds one: a document's value reads as its text
   * would (parser/plainPolicy.ts), without finding its text. Looked for when a request first decides from a value.
   */
  get plainDocuments(): boolean {
    return (this.refusesNothing ??= !holdsRefusedCharacter(this.text));
  }
}

/** A value of the file as a jsonc-parser node; its offset and length are found when first read. */
export class ValueNode implements JsonNode {
  readonly type: JsonNode['type'];
  /** The value, for strings, numbers, booleans and null (as jsonc-parser's nodes have it). */
  readonly value: unknown;
  private located: Span | undefined;

  constructor(
    /** The value as JSON.parse would read it; a document left as text is an `OpaqueObject`. */
    readonly raw: unknown,
    readonly file: ValueFile,
    /** The object or array this is an entry of; undefined for the root. */
    readonly container: ValueNode | undefined,
    /** Its key there (an index in an array). */
    readonly key: string | number,
  ) {
    this.type = typeOf(raw);
    if (this.type !== 'object' && this.type !== 'array') this.value = raw;
  }

  get offset(): number {
    return this.span.offset;
  }

  get length(): number {
    return this.span.length;
  }

  /** Where the value is in the file's text. */
  get span(): Span {
    if (this.located) return this.located;
    // A document left as text knows where it is.
    if (this.raw instanceof OpaqueObject) return (this.located = { offset: this.raw.offset, length: this.raw.length });
    const locator = this.file.locator;
    return (this.located = locator.valueSpan(this.container ? locator.entry(this.container.offset, this.key).value : locator.root()));
  }

  /** Where the value is, found only when read (a message or an explanation), so that holding it costs nothing. */
  get lazySpan(): Span {
    return new LocatedSpan(this, VALUE);
  }

  /**
   * The same as a plain object (its offset and length own properties, found when read), for a span that leaves the
   * model in answers, a document's: it compares and serialises as any other span.
   */
  plainLazySpan(): Span {
    if (this.raw instanceof OpaqueObject) return this.span;
    const span = (): Span => this.span;
    return {
      get offset(): number {
        return span().offset;
      },
      get length(): number {
        return span().length;
      },
    };
  }

  /** The text of a document of the file, and whether its value reads as that text would (see `ValueFile`). */
  get text(): string {
    const { offset, length } = this.span;
    return this.file.text.slice(offset, offset + length);
  }

  get plainDocument(): boolean {
    return this.file.plainDocuments;
  }

  /** The document this stands for, when it was left as its text (see `readValueTree`), to be read from it. */
  get opaqueObject(): OpaqueObject | undefined {
    return this.raw instanceof OpaqueObject ? this.raw : undefined;
  }

  /**
   * An object left as its text that is no policy document (an account section read when a request first reaches it,
   * see loadModel.ts), read now as the file's other objects were, at the same place; undefined where that reading
   * refuses the text (a key given twice inside), which the caller must then read as a tree.
   */
  opened(depth: number): ValueNode | undefined {
    const opaque = this.opaqueObject;
    if (opaque === undefined || typeof this.key !== 'string' || this.file.opaque === undefined) return this;
    const containerKey = typeof this.container?.key === 'string' ? this.container.key : undefined;
    const object = openOpaqueObject(this.file.text, opaque, this.file.opaque, MAX_NESTING_DEPTH, { depth, key: this.key, containerKey });
    if (object === undefined) return undefined;
    const node = new ValueNode(object, this.file, this.container, this.key);
    node.located = { offset: opaque.offset, length: opaque.length };
    return node;
  }

  /** An array's items or an object's properties (none for a string, number, boolean or null, or a document left as text). */
  get children(): JsonNode[] {
    if (this.type === 'array') return this.items();
    if (this.type === 'object') return this.properties();
    return [];
  }

  /** An array's items. */
  items(): ValueNode[] {
    return (this.raw as unknown[]).map((item, index) => new ValueNode(item, this.file, this, index));
  }

  /** An object's properties, in the order of the text (see `readValueTree`). */
  properties(): ValueProperty[] {
    if (this.raw instanceof OpaqueObject) return [];
    const object = this.raw as Record<string, unknown>;
    const properties: ValueProperty[] = [];
    for (const key in object) properties.push(new ValueProperty(new ValueNode(object[key], this.file, this, key)));
    return properties;
  }

  /** The span of its key in its object, when it is a property's value. */
  keySpan(): Span {
    const locator = this.file.locator;
    return locator.stringSpan(locator.entry((this.container as ValueNode).offset, this.key).key);
  }
}

/**
 * A property of an object: a jsonc-parser property node, and the reader's `Prop` (key, value and spans) in one, its
 * spans found when read.
 */
export class ValueProperty implements JsonNode {
  readonly type = 'property';
  readonly key: string;

  constructor(readonly value: ValueNode) {
    this.key = value.key as string;
  }

  get keySpan(): Span {
    return new LocatedSpan(this.value, KEY);
  }

  get span(): Span {
    return new LocatedSpan(this.value, PROPERTY);
  }

  get offset(): number {
    return this.value.keySpan().offset;
  }

  get length(): number {
    const value = this.value.span;
    return value.offset + value.length - this.offset;
  }

  get children(): JsonNode[] {
    return [new ValueKey(this.value), this.value];
  }
}

/** A property's key as a jsonc-parser string node. */
class ValueKey implements JsonNode {
  readonly type = 'string';
  readonly value: string;

  constructor(private readonly of: ValueNode) {
    this.value = of.key as string;
  }

  get offset(): number {
    return this.of.keySpan().offset;
  }

  get length(): number {
    return this.of.keySpan().length;
  }
}

const VALUE = 0;
const KEY = 1;
const PROPERTY = 2;

/**
 * A span found when first read: a value's, its key's or its whole property's. Held by what may be reported later (a
 * reference, where a principal is defined), so that a model loads without finding any. The reader reports a copy
 * (`JsonReader.report`), and it serialises as a plain span.
 */
class LocatedSpan implements Span {
  private found: Span | undefined;

  constructor(
    private readonly node: ValueNode,
    private readonly part: typeof VALUE | typeof KEY | typeof PROPERTY,
  ) {}

  get offset(): number {
    return (this.found ??= this.find()).offset;
  }

  get length(): number {
    return (this.found ??= this.find()).length;
  }

  toJSON(): Span {
    return { offset: this.offset, length: this.length };
  }

  private find(): Span {
    const { node, part } = this;
    if (part === VALUE) return node.span;
    const key = node.keySpan();
    return part === KEY ? key : { offset: key.offset, length: node.span.offset + node.span.length - key.offset };
  }
}

function typeOf(value: unknown): JsonNode['type'] {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}
