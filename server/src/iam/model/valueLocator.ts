import type { Span } from '../span';

/** Where one entry of an object or array starts: its key (objects; -1 in arrays) and its value. */
interface EntryStart {
  readonly key: number;
  readonly value: number;
}

/** What is known of an object or array: its entries read so far, and where the next starts (-1: all read). */
interface ContainerIndex {
  readonly entries: Map<string | number, EntryStart>;
  next: number;
  count: number;
}

/**
 * Finds where a value read as values (valueTree.ts) sits in its text, by its path from the root, when a message or an
 * explanation first needs a position. The text is strict JSON without duplicate keys outside the documents a model
 * leaves as text (the value tree is made only then), and no path leads into such a document, so a path names one place, and passing over a value needs only its brackets and quotes:
 * nothing is checked again. Each object or array the search passes through is indexed once, by its offset: asking
 * for every document of a model costs one pass over the text in all, and asking for one a pass over the containers
 * on its path.
 */
export class ValueLocator {
  private readonly containers = new Map<number, ContainerIndex>();

  constructor(private readonly text: string) {}

  /** Where the root value starts. */
  root(): number {
    return this.skipSpace(0);
  }

  /** Where entry `key` (a property name, or an index) of the object or array starting at `container` starts. */
  entry(container: number, key: string | number): EntryStart {
    let index = this.containers.get(container);
    if (!index) this.containers.set(container, (index = { entries: new Map(), next: this.skipSpace(container + 1), count: 0 }));
    // Read as far as the entry asked for, and no further: the next question may be about an earlier one.
    let found = index.entries.get(key);
    while (!found && index.next >= 0) found = this.readEntry(container, index, key);
    // The value tree was read from this text, so every path it asks about is there.
    if (!found) throw new Error(`No entry ${String(key)} in the value at offset ${container}.`);
    return found;
  }

  /** The span of the value starting at `start`. */
  valueSpan(start: number): Span {
    return { offset: start, length: this.valueEnd(start) - start };
  }

  /** The span of the string (a key) starting at `start`, quotes included. */
  stringSpan(start: number): Span {
    return { offset: start, length: this.stringEnd(start) - start };
  }

  /** Reads the container's next entry into its index; the entry when it is `wanted`. */
  private readEntry(container: number, index: ContainerIndex, wanted: string | number): EntryStart | undefined {
    const text = this.text;
    const isObject = text.charCodeAt(container) === 123;
    let pos = this.skipSpace(index.next);
    if (text.charCodeAt(pos) === (isObject ? 125 : 93)) {
      index.next = -1;
      return undefined;
    }
    let key: string | number = index.count++;
    let keyStart = -1;
    if (isObject) {
      keyStart = pos;
      pos = this.stringEnd(pos);
      const raw = text.slice(keyStart, pos);
      key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      pos = this.skipSpace(this.skipSpace(pos) + 1); // past the colon
    }
    const entry = { key: keyStart, value: pos };
    index.entries.set(key, entry);
    pos = this.skipSpace(this.valueEnd(pos));
    // A comma, or the closing bracket.
    index.next = text.charCodeAt(pos) === 44 ? pos + 1 : -1;
    return key === wanted ? entry : undefined;
  }

  private skipSpace(pos: number): number {
    const text = this.text;
    for (let c = text.charCodeAt(pos); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++pos));
    return pos;
  }

  /** Where the string starting at `start` ends (after its closing quote). */
  private stringEnd(start: number): number {
    const text = this.text;
    let quote = text.indexOf('"', start + 1);
    for (;;) {
      let backslashes = 0;
      for (let i = quote - 1; text.charCodeAt(i) === 92; i--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      quote = text.indexOf('"', quote + 1);
    }
  }

  /** Where the value starting at `start` ends. */
  private valueEnd(start: number): number {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === 34) return this.stringEnd(start);
    if (first !== 123 && first !== 91) {
      // A number, true, false or null: up to the next separator or space.
      let pos = start + 1;
      for (let c = text.charCodeAt(pos); c > 32 && c !== 44 && c !== 93 && c !== 125; c = text.charCodeAt(++pos));
      return pos;
    }
    let depth = 0;
    for (let pos = start; ; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 34) pos = this.stringEnd(pos) - 1;
      else if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && --depth === 0) return pos + 1;
    }
  }
}
