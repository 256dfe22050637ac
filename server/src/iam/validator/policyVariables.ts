// Finds `${…}` policy variables in a string and judges their syntax. Pure string work on one value, no regexes.

export type VariableProblem = 'missingBrace' | 'empty' | 'space' | 'missingQuote';

export interface VariableToken {
  /** Index of `$` in the value. */
  readonly start: number;
  /** Index just after `}` (or the end of the value when the brace is missing). */
  readonly end: number;
  /** The text between the braces. */
  readonly inner: string;
  readonly problem?: VariableProblem;
}

/** `${*}`, `${?}` and `${$}` stand for the literal characters (policy variables page). */
const SPECIAL = new Set(['*', '?', '$']);

export function findVariables(value: string): VariableToken[] {
  const tokens: VariableToken[] = [];
  let from = 0;
  for (;;) {
    const start = value.indexOf('${', from);
    if (start < 0) return tokens;
    const close = value.indexOf('}', start + 2);
    // A new `${` before the closing brace means this one was never closed.
    const next = value.indexOf('${', start + 2);
    if (close < 0 || (next >= 0 && next < close)) {
      const end = next >= 0 ? next : value.length;
      tokens.push({ start, end, inner: value.slice(start + 2, end), problem: 'missingBrace' });
      from = end;
      continue;
    }
    const inner = value.slice(start + 2, close);
    const problem = judge(inner);
    tokens.push(problem ? { start, end: close + 1, inner, problem } : { start, end: close + 1, inner });
    from = close + 1;
  }
}

function judge(inner: string): VariableProblem | undefined {
  if (inner.trim() === '') return 'empty';
  if (SPECIAL.has(inner)) return undefined;
  const comma = inner.indexOf(',');
  const key = comma >= 0 ? inner.slice(0, comma) : inner;
  if (key.includes(' ')) return 'space';
  if (comma >= 0) {
    // `${aws:PrincipalTag/team, 'company-wide'}`: the default is in single quotes; a space after the comma is fine.
    const fallback = inner.slice(comma + 1).trim();
    if (fallback.length < 2 || !fallback.startsWith("'") || !fallback.endsWith("'")) return 'missingQuote';
  }
  return undefined;
}

/** True when the value holds at least one well-formed variable (the ones AWS would substitute). */
export function hasVariable(value: string): boolean {
  return value.includes('${') && findVariables(value).some((token) => token.problem === undefined);
}

/**
 * The index just after the `n`th colon of an ARN, ignoring colons inside `${…}` (`${aws:username}` has one).
 * Undefined when the value has fewer colons (not an ARN, or `*`).
 */
export function afterColon(arn: string, n: number): number | undefined {
  let colons = 0;
  let depth = 0;
  for (let i = 0; i < arn.length; i++) {
    const c = arn.charCodeAt(i);
    if (c === 36 /* $ */ && arn.charCodeAt(i + 1) === 123 /* { */) {
      depth++;
      i++;
    } else if (c === 125 /* } */ && depth > 0) depth--;
    else if (c === 58 /* : */ && depth === 0 && ++colons === n) return i + 1;
  }
  return undefined;
}
