/**
 * Where the cursor stands in a policy document, in terms completion and hover understand: which slot (a statement
 * key, an action, a condition key, …) and which string token, if any. Works on half-typed text: jsonc-parser's
 * `getLocation` gives the JSON path even where the document does not parse.
 */
import { getLocation, type Node as JsonNode } from 'jsonc-parser';
import type { ParsedPolicy, StatementNode } from '../parser/policyTree';
import type { Span } from '../span';

export type ListElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource';

export type Slot =
  | { readonly kind: 'documentKey' }
  | { readonly kind: 'statementKey' }
  | { readonly kind: 'version' }
  | { readonly kind: 'effect' }
  | { readonly kind: 'action'; readonly element: 'Action' | 'NotAction' }
  | { readonly kind: 'resource'; readonly element: 'Resource' | 'NotResource' }
  | { readonly kind: 'principalType'; readonly element: 'Principal' | 'NotPrincipal' }
  | { readonly kind: 'principal'; readonly element: 'Principal' | 'NotPrincipal'; readonly principalType: string | undefined }
  | { readonly kind: 'conditionOperator' }
  | { readonly kind: 'conditionKey'; readonly operator: string }
  | { readonly kind: 'conditionValue'; readonly operator: string; readonly key: string }
  | { readonly kind: 'other' };

/** The string token under the cursor. */
export interface StringToken {
  /** The whole token, quotes included (up to the cursor's line end when unterminated). */
  readonly span: Span;
  /** Start of the content (after the opening quote). */
  readonly contentStart: number;
  /** End of the content: before the closing quote, or the cursor when the string is unterminated. */
  readonly contentEnd: number;
  readonly terminated: boolean;
  /** The content from its start to the cursor. */
  readonly prefix: string;
  /** The whole content (for terminated strings) — what hover looks up. */
  readonly value: string;
}

export interface Cursor {
  readonly offset: number;
  readonly slot: Slot;
  /** The statement the cursor is in, when it is in one. */
  readonly statementIndex: number | undefined;
  readonly statement: StatementNode | undefined;
  /** Set when the cursor is inside a string (a key or a value). */
  readonly string: StringToken | undefined;
  readonly atKey: boolean;
}

export function locate(parsed: ParsedPolicy, offset: number): Cursor {
  const text = parsed.text;
  const location = getLocation(text, offset);
  const path = location.path;
  const string = stringAt(text, location.previousNode, offset);
  let statementIndex: number | undefined;
  let rest: (string | number)[] = [];
  let slot: Slot = { kind: 'other' };
  if (path[0] === 'Statement' && path.length > 1) {
    if (typeof path[1] === 'number') {
      statementIndex = path[1];
      rest = path.slice(2);
    } else {
      statementIndex = 0;
      rest = path.slice(1);
    }
  }
  let atKey = location.isAtPropertyKey;
  const statement = statementIndex === undefined ? undefined : parsed.document?.statements.find((s) => s.index === statementIndex);
  // A key typed before the previous property's comma: the scanner reads it as part of the previous value, but the
  // parsed statement, which recovers from the missing comma, holds it as a key of its own.
  if (!atKey && string !== undefined && statement?.properties.some((p) => p.keySpan.offset === string.span.offset)) {
    atKey = true;
    rest = [];
  }
  if (path.length <= 1 && atKey) slot = { kind: 'documentKey' };
  else if (path.length === 1 && path[0] === 'Version') slot = { kind: 'version' };
  else if (statementIndex !== undefined) slot = statementSlot(rest, atKey);
  return { offset, slot, statementIndex, statement, string, atKey };
}

function statementSlot(rest: readonly (string | number)[], atKey: boolean): Slot {
  const [element, second, third] = rest;
  if (rest.length <= 1 && atKey) return { kind: 'statementKey' };
  switch (element) {
    case 'Effect':
      return rest.length === 1 ? { kind: 'effect' } : { kind: 'other' };
    case 'Action':
    case 'NotAction':
      return rest.length <= 2 && !atKey ? { kind: 'action', element } : { kind: 'other' };
    case 'Resource':
    case 'NotResource':
      return rest.length <= 2 && !atKey ? { kind: 'resource', element } : { kind: 'other' };
    case 'Principal':
    case 'NotPrincipal':
      if (rest.length === 1) return { kind: 'principal', element, principalType: undefined };
      if (rest.length === 2 && atKey) return { kind: 'principalType', element };
      if (typeof second === 'string' && rest.length <= 3 && !atKey) return { kind: 'principal', element, principalType: second };
      return { kind: 'other' };
    case 'Condition':
      if (rest.length === 2 && atKey) return { kind: 'conditionOperator' };
      if (rest.length === 3 && atKey && typeof second === 'string') return { kind: 'conditionKey', operator: second };
      if (rest.length >= 3 && rest.length <= 4 && !atKey && typeof second === 'string' && typeof third === 'string') {
        return { kind: 'conditionValue', operator: second, key: third };
      }
      return { kind: 'other' };
    default:
      return { kind: 'other' };
  }
}

function stringAt(text: string, node: JsonNode | undefined, offset: number): StringToken | undefined {
  if (node === undefined || (node.type !== 'string' && node.type !== 'property')) return undefined;
  const start = node.offset;
  if (text.charCodeAt(start) !== 34 /* " */) return undefined;
  const end = start + node.length;
  const terminated = node.length >= 2 && text.charCodeAt(end - 1) === 34 && text.charCodeAt(end - 2) !== 92;
  const inside = offset > start && (terminated ? offset < end : offset <= end);
  if (!inside) return undefined;
  const contentStart = start + 1;
  const contentEnd = terminated ? end - 1 : offset;
  return {
    span: { offset: start, length: (terminated ? end : offset) - start },
    contentStart,
    contentEnd,
    terminated,
    prefix: text.slice(contentStart, offset),
    value: text.slice(contentStart, contentEnd),
  };
}

/** The statement's string items of one list element (Action, NotAction, Resource, NotResource). */
export function listValues(statement: StatementNode | undefined, element: ListElement): string[] {
  if (statement === undefined) return [];
  const list =
    element === 'Action'
      ? statement.action
      : element === 'NotAction'
        ? statement.notAction
        : element === 'Resource'
          ? statement.resource
          : statement.notResource;
  return (list?.items ?? []).map((item) => item.value);
}
