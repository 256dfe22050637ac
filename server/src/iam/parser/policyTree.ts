import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';

export type { JsonNode };

/** A JSON value with where it stands in the text. For strings, `span` includes the quotes. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
  readonly node: JsonNode;
}

/** One `"key": value` pair of an object, with the key's range and the whole property's range. */
export interface PropertyNode {
  readonly key: string;
  readonly keySpan: Span;
  /** The whole property, key through value. */
  readonly span: Span;
  /** The value node; undefined while the value is still being typed (`"Effect":`). */
  readonly value: JsonNode | undefined;
}

/**
 * A string-or-array-of-strings element (Action, NotAction, Resource, NotResource).
 * `items` holds the string values; `invalidItems` the values that are not strings (numbers, objects, …).
 */
export interface StringListElement {
  readonly property: PropertyNode;
  readonly isArray: boolean;
  readonly items: readonly Located<string>[];
  readonly invalidItems: readonly JsonNode[];
}

/** `"Principal": "*"` or `{ "AWS": […], "Service": …, "Federated": …, "CanonicalUser": … }`. */
export interface PrincipalElement {
  readonly property: PropertyNode;
  /** Set when the element is the bare string form (normally `"*"`). */
  readonly bare?: Located<string>;
  readonly entries: readonly PrincipalEntry[];
  /** True when the value is neither a string nor an object. */
  readonly malformed: boolean;
}

export interface PrincipalEntry {
  readonly property: PropertyNode;
  /** The principal type as written: `AWS`, `Service`, `Federated`, `CanonicalUser`, or something invalid. */
  readonly type: string;
  readonly isArray: boolean;
  readonly values: readonly Located<string>[];
  readonly invalidValues: readonly JsonNode[];
}

/** A condition value as written: AWS accepts strings, numbers and booleans, and reads them as strings. */
export type ConditionScalar = string | number | boolean;

export interface ConditionKeyNode {
  readonly property: PropertyNode;
  readonly key: string;
  readonly keySpan: Span;
  readonly isArray: boolean;
  readonly values: readonly Located<ConditionScalar>[];
  /** Values that are not scalars (objects, nested arrays, null). */
  readonly invalidValues: readonly JsonNode[];
}

export interface ConditionOperatorNode {
  readonly property: PropertyNode;
  /** The operator exactly as written, qualifier and `IfExists` included (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  readonly operatorSpan: Span;
  readonly keys: readonly ConditionKeyNode[];
  /** True when the operator's value is not an object. */
  readonly malformed: boolean;
}

export interface ConditionElement {
  readonly property: PropertyNode;
  readonly operators: readonly ConditionOperatorNode[];
  readonly malformed: boolean;
}

/** The statement element names AWS defines, in the spelling AWS requires (case-sensitive). */
export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
export type StatementElementName = (typeof STATEMENT_ELEMENTS)[number];

export const DOCUMENT_ELEMENTS = ['Version', 'Id', 'Statement'] as const;

export interface StatementNode {
  /** Zero-based position in the Statement array (0 when Statement is a single object). */
  readonly index: number;
  readonly node: JsonNode;
  readonly span: Span;
  /** Every property in source order, known and unknown, duplicates included. */
  readonly properties: readonly PropertyNode[];
  readonly sid?: Located<unknown>;
  readonly effect?: Located<unknown>;
  readonly action?: StringListElement;
  readonly notAction?: StringListElement;
  readonly resource?: StringListElement;
  readonly notResource?: StringListElement;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly condition?: ConditionElement;
}

export interface PolicyDocument {
  readonly node: JsonNode;
  readonly span: Span;
  readonly properties: readonly PropertyNode[];
  readonly version?: Located<unknown>;
  readonly id?: Located<unknown>;
  /** The `Statement` property itself, when present. */
  readonly statementProperty?: PropertyNode;
  /** True when Statement is an array; false for the single-object form. */
  readonly statementIsArray: boolean;
  readonly statements: readonly StatementNode[];
  /** Entries of the Statement array that are not objects. */
  readonly invalidStatements: readonly JsonNode[];
}

export type ParseProblemKind = 'syntax' | 'duplicateKey' | 'comment' | 'invalidCharacter' | 'notAnObject' | 'empty' | 'tooDeep';

export interface ParseProblem {
  readonly kind: ParseProblemKind;
  readonly message: string;
  readonly span: Span;
}

/** What `parsePolicy` returns: always a result, never an exception. */
export interface ParsedPolicy {
  readonly text: string;
  /** jsonc-parser's fault-tolerant tree; undefined only for empty or hopeless text. */
  readonly tree: JsonNode | undefined;
  /** The typed view of the tree, when the top level is an object. */
  readonly document: PolicyDocument | undefined;
  readonly problems: readonly ParseProblem[];
}
