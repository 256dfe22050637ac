/**
 * A user's value as a message may show it: control characters and line separators written as escapes (`\n`, `\t`,
 * `\r`, `\u0000`), so a value with a raw newline (a YAML `|` block keeps one at its end) cannot split the
 * one-line-per-finding text output, a CI log or a SARIF viewer's line. Backslashes are left alone, so applying it twice
 * changes nothing.
 */
export function printableText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, escapeOf) : text;
}

// C0 controls, DEL, C1 controls (U+0085 is a line break to some readers) and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOf(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
