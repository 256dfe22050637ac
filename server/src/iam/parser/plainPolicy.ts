import type { Node as JsonNode } from 'jsonc-parser';
import { holdsRefusedCharacter, MAX_NESTING_DEPTH } from './parsePolicy';
import type {
  ConditionElement,
  ConditionKeyNode,
  ConditionScalar,
  Located,
  ParsedPolicy,
  PolicyDocument,
  PrincipalElement,
  PropertyNode,
  StatementNode,
  StringListElement,
} from './policyTree';
import type { Span } from '../span';

/**
 * The typed view of a policy read with the runtime's own `JSON.parse` (about ten times the tokenizer), without
 * positions: every span is the empty span at 0 and every node a placeholder. For deciding requests only (a test run's
 * passing tests): a decision needs no position, and an explanation evaluates again from `parsePolicy`'s tree.
 *
 * It answers only for text whose every reading is the same: strict JSON that parsePolicy would find no problem in.
 * Anything else is undefined, and the caller parses with positions: comments, trailing commas and other syntax
 * errors (JSON.parse throws), characters AWS does not accept, duplicate keys (JSON.parse keeps the last silently,
 * the positioned tree keeps both), keys that start with a digit (JSON.parse orders integer keys first), numbers (a
 * condition value is read as written), nesting deeper than parsePolicy analyses, and a top level that is not an
 * object.
 */
export function readPlainPolicy(text: string, known?: KnownText): ParsedPolicy | undefined {
  if (!known && holdsRefusedCharacter(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const keys = plainKeyCount(value, 1);
  if (keys < 0 || keys !== (known ? known.keys : keysWritten(text))) return undefined;
  return { text, tree: undefined, document: plainDocument(value), problems: [] };
}

/**
 * What a reader that has passed over the text already knows of it (model/skeletonValues.ts): it is strict JSON, holds
 * no character AWS refuses, and writes this many keys, so neither needs another pass.
 */
export interface KnownText {
  readonly keys: number;
}

/**
 * The same reading of a document `JSON.parse` has read already, as part of a larger file whose text has no duplicate
 * key and no character AWS refuses (the caller knows: model/valueTree.ts). Its text is found only if read.
 */
export function readPlainValue(value: unknown, text: () => string): ParsedPolicy | undefined {
  if (!isObject(value) || plainKeyCount(value, 1) < 0) return undefined;
  return {
    get text() {
      return text();
    },
    tree: undefined,
    document: plainDocument(value),
    problems: [],
  };
}

const NO_SPAN: Span = Object.freeze({ offset: 0, length: 0 });
/** Stands for every node: the compiler reads only values and spans, and never a node of a document it can compile. */
const NO_NODE: JsonNode = Object.freeze({ type: 'null', offset: 0, length: 0 }) as JsonNode;

type PlainObject = Record<string, unknown>;

function isObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The keys of every object in the value, or -1 when the value holds something only the positioned parse reads right
 * (a number, a key starting with a digit, nesting past MAX_NESTING_DEPTH).
 */
function plainKeyCount(value: unknown, depth: number): number {
  if (depth > MAX_NESTING_DEPTH) return -1;
  if (typeof value === 'number') return -1;
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = plainKeyCount(item, depth + 1);
      if (inner < 0) return -1;
      count += inner;
    }
    return count;
  }
  for (const key in value) {
    const first = key.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) return -1;
    const inner = plainKeyCount((value as PlainObject)[key], depth + 1);
    if (inner < 0) return -1;
    count += inner + 1;
  }
  return count;
}

/**
 * How many keys the text writes: strings followed by a colon. Only for text JSON.parse accepted, where every `"`
 * outside a string opens one, so the scan never loses its place. More keys written than parsed means a duplicate.
 */
export function keysWritten(text: string): number {
  let count = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (isEscaped(text, close)) close = text.indexOf('"', close + 1);
    let next = close + 1;
    for (let c = text.charCodeAt(next); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++next));
    if (text.charCodeAt(next) === 0x3a) count++;
    open = text.indexOf('"', next);
  }
  return count;
}

/** An odd run of backslashes before the quote at `at` escapes it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

// What follows builds the same typed view as buildDocument.ts, from values instead of jsonc-parser's nodes. The
// reading has no duplicate keys (see readPlainPolicy), so "the last of a key" is the only one.

function plainDocument(root: PlainObject): PolicyDocument {
  const properties = plainProperties(root);
  const statementValue = root['Statement'];
  const statements: StatementNode[] = [];
  const invalidStatements: JsonNode[] = [];
  if (isObject(statementValue)) {
    statements.push(plainStatement(statementValue, 0));
  } else if (Array.isArray(statementValue)) {
    statementValue.forEach((child: unknown, index) => {
      if (isObject(child)) statements.push(plainStatement(child, index));
      else invalidStatements.push(NO_NODE);
    });
  }
  const version = located(root, 'Version');
  const id = located(root, 'Id');
  const statementProperty = 'Statement' in root ? property('Statement') : undefined;
  return {
    node: NO_NODE,
    span: NO_SPAN,
    properties,
    ...(version ? { version } : {}),
    ...(id ? { id } : {}),
    ...(statementProperty ? { statementProperty } : {}),
    statementIsArray: Array.isArray(statementValue),
    statements,
    invalidStatements,
  };
}

function plainStatement(value: PlainObject, index: number): StatementNode {
  const fields: { -readonly [K in keyof StatementNode]?: StatementNode[K] } = {};
  const sid = located(value, 'Sid');
  if (sid) fields.sid = sid;
  const effect = located(value, 'Effect');
  if (effect) fields.effect = effect;
  if ('Action' in value) fields.action = stringList('Action', value['Action']);
  if ('NotAction' in value) fields.notAction = stringList('NotAction', value['NotAction']);
  if ('Resource' in value) fields.resource = stringList('Resource', value['Resource']);
  if ('NotResource' in value) fields.notResource = stringList('NotResource', value['NotResource']);
  if ('Principal' in value) fields.principal = principalElement('Principal', value['Principal']);
  if ('NotPrincipal' in value) fields.notPrincipal = principalElement('NotPrincipal', value['NotPrincipal']);
  if ('Condition' in value) fields.condition = conditionElement(value['Condition']);
  return { ...fields, index, node: NO_NODE, span: NO_SPAN, properties: plainProperties(value) } as StatementNode;
}

function property(key: string): PropertyNode {
  let node = properties.get(key);
  if (node === undefined) {
    node = Object.freeze({ key, keySpan: NO_SPAN, span: NO_SPAN, value: NO_NODE });
    // Keys repeat across documents (Effect, Action, an operator, a condition key): one node each, bounded for the rest.
    if (properties.size >= MAX_PROPERTIES) properties.clear();
    properties.set(key, node);
  }
  return node;
}

/** A position-free property node carries only its key, so every document shares one per key. */
const properties = new Map<string, PropertyNode>();
const MAX_PROPERTIES = 4_096;

function plainProperties(value: PlainObject): PropertyNode[] {
  return Object.keys(value).map(property);
}

function located(value: PlainObject, key: string): Located<unknown> | undefined {
  if (!(key in value)) return undefined;
  const inner = value[key];
  return { value: typeof inner === 'object' && inner !== null ? undefined : inner, span: NO_SPAN, node: NO_NODE };
}

function stringList(key: string, value: unknown): StringListElement {
  const isArray = Array.isArray(value);
  const items: Located<string>[] = [];
  const invalidItems: JsonNode[] = [];
  for (const item of isArray ? (value as unknown[]) : [value]) {
    if (typeof item === 'string') items.push({ value: item, span: NO_SPAN, node: NO_NODE });
    else invalidItems.push(NO_NODE);
  }
  return { property: property(key), isArray, items, invalidItems };
}

function principalElement(key: string, value: unknown): PrincipalElement {
  if (typeof value === 'string') return { property: property(key), bare: { value, span: NO_SPAN, node: NO_NODE }, entries: [], malformed: false };
  if (!isObject(value)) return { property: property(key), entries: [], malformed: true };
  const entries = Object.keys(value).map((type) => {
    const list = stringList(type, value[type]);
    return { property: list.property, type, isArray: list.isArray, values: list.items, invalidValues: list.invalidItems };
  });
  return { property: property(key), entries, malformed: false };
}

function conditionElement(value: unknown): ConditionElement {
  if (!isObject(value)) return { property: property('Condition'), operators: [], malformed: true };
  const operators = Object.keys(value).map((operator) => {
    const block = value[operator];
    const keys = isObject(block) ? Object.keys(block).map((key) => conditionKey(key, block[key])) : [];
    return { property: property(operator), operator, operatorSpan: NO_SPAN, keys, malformed: !isObject(block) };
  });
  return { property: property('Condition'), operators, malformed: false };
}

function conditionKey(key: string, value: unknown): ConditionKeyNode {
  const isArray = Array.isArray(value);
  const values: Located<ConditionScalar>[] = [];
  const invalidValues: JsonNode[] = [];
  for (const item of isArray ? (value as unknown[]) : [value]) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') values.push({ value: item, span: NO_SPAN, node: NO_NODE });
    else invalidValues.push(NO_NODE);
  }
  return { property: property(key), key, keySpan: NO_SPAN, isArray, values, invalidValues };
}
