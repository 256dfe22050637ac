/**
 * What a YAML text can hold that js-yaml reads differently from `yaml`, or that the fast reader (fastYamlReader)
 * leaves to `yaml`, found before js-yaml reads anything: a tab, a carriage return alone or a Unicode line separator,
 * a directive or document marker, a `#` right after an indicator (a comment to js-yaml, text to `yaml`; a `#` right
 * after a closing quote or bracket is checked where one closes), a comment line out of step with the lines around
 * it, an explicit key (`? `). Searched character by character: a regular expression with these alternatives costs a
 * tenth of the whole read.
 */
import { DOCUMENT_SYNTAX } from './readYamlTemplate';
import { HASH, NEWLINE, RETURN, SPACE } from './yamlCharCodes';

const AFTER_INDICATOR = new Set([0x5b /* [ */, 0x7b /* { */, 0x2c /* , */, 0x3a /* : */]);
const SEPARATOR = new Set([SPACE, NEWLINE, RETURN]);
const BEFORE_EXPLICIT_KEY = new Set([...SEPARATOR, 0x5b, 0x7b, 0x2c]);

export function leftToYaml(text: string): boolean {
  if (text.includes('\t') || text.includes('\u2028') || text.includes('\u2029')) return true;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== NEWLINE) return true;
  return DOCUMENT_SYNTAX.test(text) || commentsLeftToYaml(text) || explicitKey(text);
}

function commentsLeftToYaml(text: string): boolean {
  // The comment lines of one run (blank lines between them) share the content lines around them: found once a run,
  // so that a long run of comment lines costs its length, not its square.
  let runEnd = -1;
  let before = -1;
  let after = -1;
  // The start of the line of the `#` at hand, looked for back to the previous `#` only: a line of many `#` (`a#a#…`)
  // costs its length, not its square. A `#` after another on its line is no comment line's first.
  let lineStart = 0;
  let previous = -1;
  for (let at = text.indexOf('#'); at >= 0; previous = at, at = text.indexOf('#', at + 1)) {
    if (AFTER_INDICATOR.has(text.charCodeAt(at - 1))) return true;
    const newline = lastNewline(text, previous + 1, at);
    if (newline >= 0) lineStart = newline + 1;
    else if (previous >= 0) continue;
    if (!onlySpaces(text, lineStart, at)) continue;
    if (lineStart >= runEnd) {
      before = previousContentIndent(text, lineStart);
      const next = nextContentLine(text, lineStart);
      after = next.indent;
      runEnd = next.start;
    }
    // `Key:`, a blank line, `# note` left of the key, then the value below: `yaml` may read the value as a new key.
    if (at - lineStart < before && after > before) return true;
  }
  return false;
}

function explicitKey(text: string): boolean {
  for (let at = text.indexOf('?'); at >= 0; at = text.indexOf('?', at + 1)) {
    if ((at === 0 || BEFORE_EXPLICIT_KEY.has(text.charCodeAt(at - 1))) && (at + 1 === text.length || SEPARATOR.has(text.charCodeAt(at + 1)))) return true;
  }
  return false;
}

/** The last line feed in `from`…`to` (`to` excluded), or -1. */
function lastNewline(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === NEWLINE) return i;
  return -1;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}

/** The indentation of the line starting at `start` when it holds content (not blank, not a comment); else -1. */
function contentIndentAt(text: string, start: number): number {
  let first = start;
  while (text.charCodeAt(first) === SPACE) first++;
  const c = text.charCodeAt(first);
  return first < text.length && c !== NEWLINE && c !== RETURN && c !== HASH ? first - start : -1;
}

/** The indentation of the nearest line of content before the line at `lineStart`; -1 when there is none. */
function previousContentIndent(text: string, lineStart: number): number {
  for (let start = lineStart; start > 0;) {
    // The line before; lastIndexOf would search from 0 for a negative position.
    start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
    const indent = contentIndentAt(text, start);
    if (indent >= 0) return indent;
  }
  return -1;
}

/** The nearest line of content after the line at `lineStart`: where it starts and its indentation (-1: none). */
function nextContentLine(text: string, lineStart: number): { start: number; indent: number } {
  for (let newline = text.indexOf('\n', lineStart); newline >= 0; newline = text.indexOf('\n', newline + 1)) {
    const indent = contentIndentAt(text, newline + 1);
    if (indent >= 0) return { start: newline + 1, indent };
  }
  return { start: text.length, indent: -1 };
}
