// Small read-only helpers over the typed policy tree, shared by the inference and the rules.
import type { JsonNode, Located, PrincipalElement, StatementNode, StringListElement } from '../parser/policyTree';
import type { Span } from '../span';

/** The value when it is a string, else undefined. */
export function stringOf(located: Located<unknown> | undefined): string | undefined {
  return typeof located?.value === 'string' ? located.value : undefined;
}

export function nodeSpan(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}

/** The statement's Effect when it is exactly `Allow` or `Deny`. */
export function effectOf(statement: StatementNode): 'Allow' | 'Deny' | undefined {
  const effect = stringOf(statement.effect);
  return effect === 'Allow' || effect === 'Deny' ? effect : undefined;
}

/** True for `"*"` and `{"AWS": "*"}` (also `["*"]`), which AWS treats alike: everyone, anonymous included. */
export function isEveryonePrincipal(principal: PrincipalElement): boolean {
  if (principal.bare) return principal.bare.value === '*';
  return (
    principal.entries.length === 1 &&
    principal.entries[0]?.type === 'AWS' &&
    principal.entries[0].values.length > 0 &&
    principal.entries[0].values.every((v) => v.value === '*')
  );
}

/** The string values of an Action/Resource-like element (empty when absent). */
export function itemsOf(element: StringListElement | undefined): readonly string[] {
  return element ? element.items.map((item) => item.value) : [];
}

/**
 * The span of part of a string value (`index`, `length` in the decoded value) in the source text. JSON escapes make the
 * two differ: each escape (`\"`, `\n`, `\u00e9`) is several characters of text but one UTF-16 unit of the value, so
 * the offsets are mapped by walking the raw text. Falls back to the whole string when the node is not a plain string.
 */
export function spanInString(text: string, located: Located<string>, index: number, length: number): Span {
  const open = located.span.offset;
  if (text.charCodeAt(open) !== 34 /* " */) return located.span;
  const start = rawOffset(text, open + 1, index);
  const end = rawOffset(text, start, length);
  return { offset: start, length: end - start };
}

/** The text offset reached after reading `count` decoded units starting at text offset `from`. */
function rawOffset(text: string, from: number, count: number): number {
  let raw = from;
  for (let decoded = 0; decoded < count && raw < text.length; decoded++) {
    raw += text.charCodeAt(raw) !== 92 /* \ */ ? 1 : text.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2;
  }
  return raw;
}

/** "Statement 2" / "Statement 'ReadOnly'" for messages (one-based, as people count). */
export function statementLabel(statement: StatementNode): string {
  const sid = stringOf(statement.sid);
  return sid ? `Statement '${sid}'` : `Statement ${statement.index + 1}`;
}

/**
 * True when the statement has a property with this key, in any case (even one whose value is still being typed).
 * A miscased key (`effect`) already gets an unknownElement finding with a fix; reporting the element as missing too
 * would say the same thing twice.
 */
export function hasKey(statement: StatementNode, key: string): boolean {
  const lower = key.toLowerCase();
  return statement.properties.some((property) => property.key.toLowerCase() === lower);
}

/** The opening brace of a statement: where "this statement lacks X" findings point, so they stay one character wide. */
export function statementStart(statement: StatementNode): Span {
  return { offset: statement.span.offset, length: 1 };
}
