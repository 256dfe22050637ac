// Checks the JSON type of every policy element: AWS rejects `"Action": 5`, `"Effect": ["Allow"]`, a statement that is
// a string, and so on. (Principal's shape has its own rule, invalidPrincipalFormat.)
import type { JsonNode, PropertyNode } from '../../parser/policyTree';
import { nodeSpan } from '../documentUtils';
import type { Rule, RuleContext } from '../rule';

type Shape = 'string' | 'stringList' | 'object' | 'statements';

const DOCUMENT_SHAPES: Readonly<Record<string, Shape>> = { Version: 'string', Id: 'string', Statement: 'statements' };
const STATEMENT_SHAPES: Readonly<Record<string, Shape>> = {
  Sid: 'string',
  Effect: 'string',
  Action: 'stringList',
  NotAction: 'stringList',
  Resource: 'stringList',
  NotResource: 'stringList',
  Condition: 'object',
};

const EXPECTED: Readonly<Record<Shape, string>> = {
  string: 'a string',
  stringList: 'a string or an array of strings',
  object: 'an object',
  statements: 'an object or an array of statement objects',
};

export const elementType: Rule = {
  id: 'elementType',
  defaultSeverity: 'error',
  awsCode: 'DATA_TYPE_MISMATCH',
  description: 'A policy element has the wrong JSON type (e.g. a number where a string or an array of strings belongs).',
  check(context) {
    const document = context.document;
    if (!document) return;
    for (const property of document.properties) checkProperty(context, property, DOCUMENT_SHAPES);
    for (const statement of document.statements) {
      for (const property of statement.properties) checkProperty(context, property, STATEMENT_SHAPES);
      for (const operator of statement.condition?.operators ?? []) {
        const block = operator.property.value;
        if (operator.malformed && block) {
          report(
            context,
            block,
            `The value of condition operator '${operator.operator}' must be an object of condition keys and values, not ${describe(block)}.`,
          );
        }
        for (const key of operator.keys) {
          for (const value of key.invalidValues) {
            report(context, value, `Condition values of '${key.key}' must be strings, numbers or booleans (or an array of them), not ${describe(value)}.`);
          }
        }
      }
    }
  },
};

function checkProperty(context: RuleContext, property: PropertyNode, shapes: Readonly<Record<string, Shape>>): void {
  const shape = shapes[property.key];
  const value = property.value;
  if (!shape || !value) return;
  switch (shape) {
    case 'string':
      if (value.type !== 'string') report(context, value, `${property.key} must be ${EXPECTED[shape]}, not ${describe(value)}.`);
      return;
    case 'object':
      if (value.type !== 'object') report(context, value, `${property.key} must be ${EXPECTED[shape]}, not ${describe(value)}.`);
      return;
    case 'stringList':
      if (value.type === 'array') {
        for (const item of value.children ?? []) {
          if (item.type !== 'string') report(context, item, `Every entry of ${property.key} must be a string, not ${describe(item)}.`);
        }
      } else if (value.type !== 'string') {
        report(context, value, `${property.key} must be ${EXPECTED[shape]}, not ${describe(value)}.`);
      }
      return;
    case 'statements':
      if (value.type === 'array') {
        for (const item of value.children ?? []) {
          if (item.type !== 'object') report(context, item, `Every entry of Statement must be a statement object, not ${describe(item)}.`);
        }
      } else if (value.type !== 'object') {
        report(context, value, `Statement must be ${EXPECTED[shape]}, not ${describe(value)}.`);
      }
      return;
  }
}

function report(context: RuleContext, node: JsonNode, message: string): void {
  context.report(nodeSpan(node), message);
}

function describe(node: JsonNode): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    case 'number':
      return `the number ${String(node.value)}`;
    case 'boolean':
      return `the boolean ${String(node.value)}`;
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    default:
      return 'a property';
  }
}
