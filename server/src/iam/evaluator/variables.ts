/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`, `${?}`, `${$}`), parsed once
 * at compile time into a template and resolved per request. Rules 55–59 of docs/evaluation.md.
 *
 * Variables exist only in `Version: "2012-10-17"` documents; the compiler does not build templates for others, so
 * `${…}` stays literal text there (rule 56).
 */

/** A literal run of text, a variable reference, or a `${*}` / `${?}` literal wildcard character. */
export type TemplatePart = string | VariablePart | LiteralWildcard;

export interface LiteralWildcard {
  readonly literal: '*' | '?';
}

export interface VariablePart {
  /** The key as written (`aws:PrincipalTag/team`). */
  readonly key: string;
  /** Lower-cased key: context key names are case-insensitive (rule 57). */
  readonly keyLower: string;
  /** The `'default'` value, already unquoted (`''` stands for one quote). */
  readonly fallback?: string;
}

export interface Template {
  readonly parts: readonly TemplatePart[];
  /** True when at least one part is a context-key variable (not just `${*}`-style literals). */
  readonly hasVariables: boolean;
  /** True when `${*}` or `${?}` appear: their characters are literal, not wildcards. */
  readonly literalWildcards: boolean;
}

/**
 * Private-use characters that stand for a literal `*` / `?` inside a wildcard pattern. A request value is mapped the
 * same way before matching, so a literal asterisk in the policy matches only an asterisk in the request.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/** Splits text into literal parts and variables. Malformed `${` (no closing brace) stays literal. */
export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let literalWildcards = false;
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    const inner = text.slice(open + 2, close).trim();
    const special = SPECIAL[inner];
    literal += text.slice(i, open);
    i = close + 1;
    if (special !== undefined) {
      if (special === '$') {
        literal += '$';
      } else {
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ literal: special === '*' ? '*' : '?' });
        literalWildcards = true;
      }
      continue;
    }
    const variable = parseVariable(inner);
    if (!variable) {
      // Not a variable AWS would recognise: keep the characters as they are.
      literal += text.slice(open, close + 1);
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push(variable);
    hasVariables = true;
  }
  literal += text.slice(i);
  if (literal || parts.length === 0) parts.push(literal);
  return { parts, hasVariables, literalWildcards };
}

function parseVariable(inner: string): VariablePart | undefined {
  const comma = inner.indexOf(',');
  const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  if (key === '' || /\s/.test(key)) return undefined;
  if (comma < 0) return { key, keyLower: key.toLowerCase() };
  const rawDefault = inner.slice(comma + 1).trim();
  if (rawDefault.length < 2 || !rawDefault.startsWith("'") || !rawDefault.endsWith("'")) return undefined;
  const quoted = rawDefault.slice(1, -1);
  // Inside the quotes a quote is written twice; a lone quote means the default is malformed.
  if (quoted.replace(/''/g, '').includes("'")) return undefined;
  const fallback = quoted.replace(/''/g, "'");
  return { key, keyLower: key.toLowerCase(), fallback };
}

/** Single-valued lookup by lower-cased key; undefined when the key is absent or multi-valued (rule 57). */
export type VariableLookup = (keyLower: string) => string | undefined;

export type Resolution = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: string };

/**
 * Substitutes the variables. `forPattern` writes `${*}`/`${?}` as the private-use stand-ins (for wildcard
 * matching); otherwise as plain `*`/`?`. A variable without a value and without a default fails the resolution,
 * naming the key (rule 58).
 */
export function resolveTemplate(template: Template, lookup: VariableLookup, forPattern: boolean): Resolution {
  let value = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      value += part;
      continue;
    }
    if ('literal' in part) {
      value += forPattern ? (part.literal === '*' ? LITERAL_STAR : LITERAL_QUESTION) : part.literal;
      continue;
    }
    const found = lookup(part.keyLower);
    if (found !== undefined) value += found;
    else if (part.fallback !== undefined) value += part.fallback;
    else return { ok: false, missing: part.key };
  }
  return { ok: true, value };
}

/** Maps a request value for matching against a pattern that used `${*}`/`${?}`. */
export function protectLiteralWildcards(value: string): string {
  return value.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION);
}

/** Turns stand-ins back into `*`/`?` for display in the trace. */
export function displayResolved(value: string): string {
  return value.replace(/\uE000/g, '*').replace(/\uE001/g, '?');
}
