import type { Node as JsonNode } from 'jsonc-parser';
import type {
  ConditionElement,
  ConditionKeyNode,
  ConditionOperatorNode,
  ConditionScalar,
  Located,
  PolicyDocument,
  PrincipalElement,
  PrincipalEntry,
  PropertyNode,
  StatementNode,
  StringListElement,
} from './policyTree';
import type { Span } from '../span';

/** Builds the typed view of a policy document over jsonc-parser's tree. Tolerates any shape: it types, never judges. */
export function buildDocument(root: JsonNode): PolicyDocument {
  const properties = propertiesOf(root);
  const statementProperty = lastProperty(properties, 'Statement');
  const statements: StatementNode[] = [];
  const invalidStatements: JsonNode[] = [];
  const statementValue = statementProperty?.value;
  if (statementValue?.type === 'object') {
    statements.push(buildStatement(statementValue, 0));
  } else if (statementValue?.type === 'array') {
    (statementValue.children ?? []).forEach((child, index) => {
      if (child.type === 'object') statements.push(buildStatement(child, index));
      else invalidStatements.push(child);
    });
  }
  const version = located(lastProperty(properties, 'Version'));
  const id = located(lastProperty(properties, 'Id'));
  return {
    node: root,
    span: spanOf(root),
    properties,
    ...(version ? { version } : {}),
    ...(id ? { id } : {}),
    ...(statementProperty ? { statementProperty } : {}),
    statementIsArray: statementValue?.type === 'array',
    statements,
    invalidStatements,
  };
}

function buildStatement(node: JsonNode, index: number): StatementNode {
  const properties = propertiesOf(node);
  const get = (name: string): PropertyNode | undefined => lastProperty(properties, name);
  const fields: { -readonly [K in keyof StatementNode]?: StatementNode[K] } = {};
  const sid = located(get('Sid'));
  if (sid) fields.sid = sid;
  const effect = located(get('Effect'));
  if (effect) fields.effect = effect;
  const listElements = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;
  const keys = { Action: 'action', NotAction: 'notAction', Resource: 'resource', NotResource: 'notResource' } as const;
  for (const name of listElements) {
    const property = get(name);
    if (property) fields[keys[name]] = stringList(property);
  }
  const principal = get('Principal');
  if (principal) fields.principal = principalElement(principal);
  const notPrincipal = get('NotPrincipal');
  if (notPrincipal) fields.notPrincipal = principalElement(notPrincipal);
  const condition = get('Condition');
  if (condition) fields.condition = conditionElement(condition);
  return { ...fields, index, node, span: spanOf(node), properties } as StatementNode;
}

function stringList(property: PropertyNode): StringListElement {
  const value = property.value;
  const items: Located<string>[] = [];
  const invalidItems: JsonNode[] = [];
  const isArray = value?.type === 'array';
  for (const item of isArray ? (value.children ?? []) : value ? [value] : []) {
    if (item.type === 'string' && typeof item.value === 'string') items.push({ value: item.value, span: spanOf(item), node: item });
    else invalidItems.push(item);
  }
  return { property, isArray, items, invalidItems };
}

function principalElement(property: PropertyNode): PrincipalElement {
  const value = property.value;
  if (value?.type === 'string' && typeof value.value === 'string') {
    return { property, bare: { value: value.value, span: spanOf(value), node: value }, entries: [], malformed: false };
  }
  if (value?.type !== 'object') return { property, entries: [], malformed: value !== undefined };
  const entries: PrincipalEntry[] = propertiesOf(value).map((entry) => {
    const list = stringList(entry);
    return { property: entry, type: entry.key, isArray: list.isArray, values: list.items, invalidValues: list.invalidItems };
  });
  return { property, entries, malformed: false };
}

function conditionElement(property: PropertyNode): ConditionElement {
  const value = property.value;
  if (value?.type !== 'object') return { property, operators: [], malformed: value !== undefined };
  const operators: ConditionOperatorNode[] = propertiesOf(value).map((operatorProperty) => {
    const block = operatorProperty.value;
    const keys: ConditionKeyNode[] = block?.type === 'object' ? propertiesOf(block).map((keyProperty) => conditionKey(keyProperty)) : [];
    return {
      property: operatorProperty,
      operator: operatorProperty.key,
      operatorSpan: operatorProperty.keySpan,
      keys,
      malformed: block !== undefined && block.type !== 'object',
    };
  });
  return { property, operators, malformed: false };
}

function conditionKey(property: PropertyNode): ConditionKeyNode {
  const value = property.value;
  const isArray = value?.type === 'array';
  const values: Located<ConditionScalar>[] = [];
  const invalidValues: JsonNode[] = [];
  for (const item of isArray ? (value.children ?? []) : value ? [value] : []) {
    const v: unknown = item.value;
    if (
      (item.type === 'string' || item.type === 'number' || item.type === 'boolean') &&
      (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    ) {
      values.push({ value: v, span: spanOf(item), node: item });
    } else {
      invalidValues.push(item);
    }
  }
  return { property, key: property.key, keySpan: property.keySpan, isArray, values, invalidValues };
}

/** The properties of an object node, tolerating half-typed ones (a key with no value yet). */
export function propertiesOf(node: JsonNode): PropertyNode[] {
  const result: PropertyNode[] = [];
  for (const child of node.children ?? []) {
    if (child.type !== 'property') continue;
    const keyNode = child.children?.[0];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    result.push({ key: keyNode.value, keySpan: spanOf(keyNode), span: spanOf(child), value: child.children?.[1] });
  }
  return result;
}

/** With duplicate keys, JSON semantics (and AWS, were it to accept them) take the last one. */
function lastProperty(properties: readonly PropertyNode[], key: string): PropertyNode | undefined {
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i]?.key === key) return properties[i];
  return undefined;
}

function located(property: PropertyNode | undefined): Located<unknown> | undefined {
  const value = property?.value;
  if (!value) return undefined;
  return { value: value.type === 'object' || value.type === 'array' ? undefined : value.value, span: spanOf(value), node: value };
}

export function spanOf(node: JsonNode): Span {
  return { offset: node.offset, length: node.length };
}
