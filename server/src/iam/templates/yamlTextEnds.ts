/**
 * Where a YAML node ends in its text, as the `yaml` package draws its range, worked out from where js-yaml stopped
 * reading it (see fastYamlReader): the end of a quoted, plain or block scalar, what trails a value on its line, and
 * the comment lines after a collection that `yaml` counts into it. Each returns undefined where it cannot be sure.
 */
import { HASH, NEWLINE, RETURN, SPACE } from './yamlCharCodes';

export class YamlText {
  /** Where trailingComment last looked, and what it found there (see rightmostTrailingComment). */
  private trailingAt = -1;
  private trailingColumn = -1;

  constructor(readonly text: string) {}

  skipSpaces(at: number): number {
    const text = this.text;
    while (text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** Past spaces, line breaks and comments. */
  skipSeparation(at: number): number {
    const text = this.text;
    for (;;) {
      at = this.skipSpaces(at);
      const c = text.charCodeAt(at);
      if (c === HASH) {
        const newline = text.indexOf('\n', at);
        if (newline < 0) return text.length;
        at = newline + 1;
      } else if (c === NEWLINE) at++;
      else if (c === RETURN && text.charCodeAt(at + 1) === NEWLINE) at += 2;
      else return at;
    }
  }

  column(at: number): number {
    const text = this.text;
    return at - (text.lastIndexOf('\n', at - 1) + 1);
  }

  /**
   * The end `yaml` gives a value in block context (its range[2]): its own end, then spaces, a comment and one line
   * break if they follow on its line.
   */
  lineEnd(at: number): number {
    const text = this.text;
    at = this.skipSpaces(at);
    if (text.charCodeAt(at) === HASH) {
      const newline = text.indexOf('\n', at);
      at = newline < 0 ? text.length : text.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
    }
    if (text.charCodeAt(at) === RETURN && text.charCodeAt(at + 1) === NEWLINE) return at + 2;
    if (text.charCodeAt(at) === NEWLINE) return at + 1;
    return at;
  }

  /**
   * After a quoted scalar's closing quote, when js-yaml stopped (`close`) there or after spaces that follow it;
   * undefined for a double-quoted scalar with an escaped line break.
   */
  quotedEnd(start: number, close: number): number | undefined {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let at = start + 1;
    for (; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (quote === 0x22 /* " */ && c === 0x5c /* \ */) {
        // An escaped line break: js-yaml drops the blank lines after it that `yaml` keeps (`"a\⏎⏎b"`: "ab", "a b").
        const next = text.charCodeAt(at + 1);
        if (next === NEWLINE || next === RETURN) return undefined;
        at++;
      } else if (c === quote) {
        if (quote === 0x27 /* ' */ && text.charCodeAt(at + 1) === 0x27) at++;
        else break;
      }
    }
    const end = at + 1;
    // `"a"#b` is a comment to js-yaml, an error to `yaml`.
    if (end > text.length || text.charCodeAt(end) === HASH || this.skipSpaces(end) < Math.min(close, text.length) || close < end) return undefined;
    return end;
  }

  /** After a plain scalar's last character: js-yaml stopped there, or after the spaces and line breaks that follow. */
  plainEnd(start: number, close: number): number | undefined {
    const text = this.text;
    let end = Math.min(close, text.length);
    for (let c = text.charCodeAt(end - 1); c === SPACE || c === NEWLINE || c === RETURN; c = text.charCodeAt(end - 1)) end--;
    return end > start ? end : undefined;
  }

  /**
   * Where `yaml` ends a block scalar whose value js-yaml read as `value`: at the start of the line that ended it
   * (js-yaml stopped in that line's indentation), less the blank lines before that indented no deeper than its first
   * line of text. Undefined for a scalar that keeps its trailing lines (`|+`) or states its indentation (`|2`):
   * js-yaml and `yaml` read the lines of spaces in those differently (`|2` then `····x⏎···⏎`: "··x⏎·⏎" against "··x⏎").
   */
  blockScalarEnd(start: number, close: number, value: string): number | undefined {
    const text = this.text;
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0 || value === '' || close < headerEnd || !plainBlockHeader(text, start)) return undefined;
    close = Math.min(close, text.length);
    // The lexer's end for a scalar running to the end of a text without a final line break is not the text's end.
    if (close === text.length && text.charCodeAt(text.length - 1) !== NEWLINE) return undefined;
    let end = close === text.length ? close : text.lastIndexOf('\n', close - 1) + 1;
    let firstLine = headerEnd + 1;
    while (this.blankLine(firstLine)) firstLine = text.indexOf('\n', firstLine) + 1;
    const indent = this.skipSpaces(firstLine) - firstLine;
    for (;;) {
      const lineStart = text.lastIndexOf('\n', end - 2) + 1;
      if (lineStart <= headerEnd + 1 || !this.blankLine(lineStart) || this.skipSpaces(lineStart) - lineStart > indent) return end;
      end = lineStart;
    }
  }

  /** True when the line starting at `at` holds only spaces. */
  private blankLine(at: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.skipSpaces(at));
    return c === NEWLINE || c === RETURN;
  }

  /**
   * True when a comment line follows `at` (a collection's or an empty value's end) before the next line of content,
   * at or right of `minColumn`, or on the rest of `at`'s own line: `yaml` counts such comments into the collection
   * (or the empty value) and moves its end. Nested collections end at the same place: the lines after it are read
   * once for all of them, not once for each level.
   */
  trailingComment(at: number, minColumn: number): boolean {
    if (at !== this.trailingAt) {
      this.trailingColumn = this.rightmostTrailingComment(at);
      this.trailingAt = at;
    }
    return this.trailingColumn >= minColumn;
  }

  /** The column of the rightmost comment line after `at` (see trailingComment): -1 for none, Infinity on its line. */
  private rightmostTrailingComment(at: number): number {
    const text = this.text;
    let lineStart = at > 0 && text.charCodeAt(at - 1) !== NEWLINE ? -1 : at;
    let rightmost = -1;
    for (let p = at; p < text.length;) {
      const first = this.skipSpaces(p);
      const c = text.charCodeAt(first);
      if (c === HASH) {
        if (lineStart < 0) return Infinity;
        rightmost = Math.max(rightmost, first - lineStart);
      } else if (c !== NEWLINE && c !== RETURN && first < text.length) return rightmost;
      const newline = text.indexOf('\n', first);
      if (newline < 0) return rightmost;
      p = lineStart = newline + 1;
    }
    return rightmost;
  }
}

/** True when the block scalar header at `start` (`|` or `>`) has neither an indentation indicator nor `+`. */
function plainBlockHeader(text: string, start: number): boolean {
  for (let at = start + 1; at <= start + 2; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x2b /* + */ || (c >= 0x30 && c <= 0x39)) return false;
  }
  return true;
}
