/**
 * A range of characters in a source text, as an offset and a length (UTF-16 code units, as in JavaScript strings).
 * The core speaks only in spans; the edges (LSP `convert.ts`, the CLI printer) turn them into lines and columns.
 */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

export function spanEnd(span: Span): number {
  return span.offset + span.length;
}

export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/**
 * A text read a part at a time: a string is one; so is a large file read a window at a time, whose lines are found
 * without holding it as one string.
 */
export interface TextInParts {
  readonly length: number;
  slice(start: number, end: number): string;
}

/** How much of a text read in parts one step of the search for line breaks reads. */
const PART = 65536;

/** Converts offsets to zero-based line/character positions, for the edges. Lines end at LF, CRLF or CR. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Where the search for line breaks has reached: lines are found only as far as a lookup needs them. */
  private scanned = 0;
  private done = false;
  /** The part of the text searched now, from `partStart`: the whole of a string. */
  private part = '';
  private partStart = 0;
  /** Whether the part has a CR: most texts have only LF line breaks, which indexOf finds natively. */
  private partHasCr = false;

  // A 50 MB export has millions of lines and a command quotes a few places near its principal: finding every line
  // start up front cost more than the simulation.
  constructor(private readonly text: TextInParts) {}

  /** Finds the next line start; false when the text has no more. */
  private nextLine(): boolean {
    while (!this.done) {
      if (this.scanned >= this.partStart + this.part.length && !this.readPart()) break;
      const part = this.part;
      const from = this.scanned - this.partStart;
      if (!this.partHasCr) {
        const at = part.indexOf('\n', from);
        if (at >= 0) return this.lineAt(this.partStart + at + 1);
      } else {
        for (let i = from; i < part.length; i++) {
          const c = part.charCodeAt(i);
          if (c === 10 /* \n */) return this.lineAt(this.partStart + i + 1);
          // A CR at a part's end may begin a CRLF the next part ends.
          if (c === 13 /* \r */) return this.lineAt(this.partStart + i + (this.charAt(this.partStart + i + 1) === 10 ? 2 : 1));
        }
      }
      this.scanned = this.partStart + part.length;
    }
    this.done = true;
    return false;
  }

  /** Reads the part from `scanned`: a string whole, a text in parts a part at a time; false at the text's end. */
  private readPart(): boolean {
    if (this.scanned >= this.text.length) return false;
    const whole = typeof this.text === 'string';
    this.partStart = whole ? 0 : this.scanned;
    this.part = whole ? (this.text as string) : this.text.slice(this.scanned, Math.min(this.scanned + PART, this.text.length));
    this.partHasCr = this.part.includes('\r');
    return this.part.length > 0;
  }

  private charAt(offset: number): number {
    return offset < this.partStart + this.part.length ? this.part.charCodeAt(offset - this.partStart) : this.text.slice(offset, offset + 1).charCodeAt(0);
  }

  private lineAt(start: number): true {
    this.lineStarts.push(start);
    this.scanned = start;
    return true;
  }

  position(offset: number): { line: number; character: number } {
    while ((this.lineStarts[this.lineStarts.length - 1] as number) <= offset && this.nextLine());
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - (this.lineStarts[low] ?? 0) };
  }

  offset(position: { line: number; character: number }): number {
    while (this.lineStarts.length <= position.line && this.nextLine());
    const start = this.lineStarts[Math.min(position.line, this.lineStarts.length - 1)] ?? 0;
    return start + position.character;
  }
}
