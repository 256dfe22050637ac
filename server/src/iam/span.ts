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

/** Converts offsets to zero-based line/character positions, for the edges. Lines end at LF, CRLF or CR. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Where the search for line breaks has reached: lines are found only as far as a lookup needs them. */
  private scanned = 0;
  private done = false;
  private readonly lfOnly: boolean;

  // A 50 MB export has millions of lines and a command quotes a few places near its principal: finding every line
  // start up front cost more than the simulation.
  constructor(private readonly text: string) {
    this.lfOnly = text.indexOf('\r') < 0;
  }

  /** Finds the next line start; false when the text has no more. */
  private nextLine(): boolean {
    if (this.done) return false;
    const text = this.text;
    if (this.lfOnly) {
      // Only LF line breaks (the common case): indexOf finds each natively.
      const at = text.indexOf('\n', this.scanned);
      if (at >= 0) return this.lineAt(at + 1);
    } else {
      for (let i = this.scanned; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) return this.lineAt(text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1);
        if (c === 10 /* \n */) return this.lineAt(i + 1);
      }
    }
    this.done = true;
    return false;
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
