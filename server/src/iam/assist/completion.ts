/**
 * What may be typed at an offset of a policy document: element names, values, actions, condition operators and keys,
 * ARNs, principals and policy variables, each with the span it replaces. Pure: the language server converts the
 * result to LSP items (features/completion.ts).
 */
import type { ParsedPolicy } from '../parser/policyTree';
import { DOCUMENT_ELEMENTS, STATEMENT_ELEMENTS } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import { locate, type Cursor } from './cursor';
import { propertyItem, propertyTarget, valueItem, valueTarget } from './completionItems';
import { actionCompletions, resourceCompletions } from './completeActions';
import { conditionKeyCompletions, conditionOperatorCompletions, conditionValueCompletions } from './completeConditions';
import { principalCompletions, principalTypeCompletions } from './completePrincipals';
import { variableCompletions } from './completeVariables';
import type { AssistCompletion, AssistEnvironment } from './types';

/**
 * Statement elements a policy of this type may have: a trust policy names no resource (the role is the resource),
 * and policies attached to a principal name no principal. Unknown type: all of them.
 */
export function statementElementsFor(type: PolicyType | undefined): readonly string[] {
  switch (type) {
    case 'trust':
      return STATEMENT_ELEMENTS.filter((e) => e !== 'Resource' && e !== 'NotResource');
    case 'identity':
    case 'boundary':
    case 'session':
      return STATEMENT_ELEMENTS.filter((e) => e !== 'Principal' && e !== 'NotPrincipal');
    default:
      return STATEMENT_ELEMENTS;
  }
}

/** Completions at `offset` (relative to the policy text), for a policy of `type` when known. Never throws on any text. */
export function completeAt(parsed: ParsedPolicy, offset: number, env: AssistEnvironment, type?: PolicyType): AssistCompletion[] {
  const cursor = locate(parsed, offset);
  // Right after a complete value (`"s3:GetObject"|`) nothing may be typed but a comma or a bracket.
  if (cursor.string === undefined && followsValue(parsed.text, offset)) return [];
  const variables = variableCompletions(parsed.text, cursor, env);
  if (variables !== undefined) return variables;
  const slot = cursor.slot;
  switch (slot.kind) {
    case 'documentKey':
      return keyCompletions(parsed, cursor, DOCUMENT_ELEMENTS, existingKeys(parsed, cursor, true));
    case 'statementKey':
      return keyCompletions(parsed, cursor, statementElementsFor(type), existingKeys(parsed, cursor, false));
    case 'version':
      return valueCompletions(parsed, cursor, [['2012-10-17', 'The current policy language version; required for policy variables.']]);
    case 'effect':
      return valueCompletions(parsed, cursor, [
        ['Allow', 'Grants the matching requests (unless something denies them).'],
        ['Deny', 'Denies the matching requests; an explicit deny overrides every allow.'],
      ]);
    case 'action':
      return actionCompletions(parsed.text, cursor, env.catalog);
    case 'resource':
      return resourceCompletions(parsed.text, cursor, env.catalog);
    case 'principalType':
      return principalTypeCompletions(parsed.text, cursor);
    case 'principal':
      return principalCompletions(parsed.text, cursor, slot.principalType, env);
    case 'conditionOperator':
      return conditionOperatorCompletions(parsed.text, cursor, env.catalog);
    case 'conditionKey':
      return conditionKeyCompletions(parsed.text, cursor, slot.operator, env.catalog);
    case 'conditionValue':
      return conditionValueCompletions(parsed.text, cursor, slot.key, env.catalog);
    case 'other':
      return [];
  }
}

function valueCompletions(parsed: ParsedPolicy, cursor: Cursor, values: readonly [string, string][]): AssistCompletion[] {
  const target = valueTarget(parsed.text, cursor);
  return values.map(([value, documentation]) => valueItem(target, value, 'value', { documentation }));
}

function existingKeys(parsed: ParsedPolicy, cursor: Cursor, documentLevel: boolean): Set<string> {
  const properties = documentLevel ? parsed.document?.properties : cursor.statement?.properties;
  const keys = new Set<string>();
  for (const property of properties ?? []) {
    // The key being typed is not "already there".
    if (cursor.string !== undefined && property.keySpan.offset === cursor.string.span.offset) continue;
    keys.add(property.key);
  }
  return keys;
}

const KEY_SNIPPETS: Readonly<Record<string, string>> = {
  Version: '"Version": "2012-10-17"',
  Id: '"Id": "$1"',
  Statement: '"Statement": [\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t"Action": "$2",\n\t\t"Resource": "$3"\n\t}\n]',
  Sid: '"Sid": "$1"',
  Effect: '"Effect": "${1|Allow,Deny|}"',
  Principal: '"Principal": { "${1|AWS,Service,Federated|}": "$2" }',
  NotPrincipal: '"NotPrincipal": { "AWS": "$1" }',
  Action: '"Action": "$1"',
  NotAction: '"NotAction": "$1"',
  Resource: '"Resource": "$1"',
  NotResource: '"NotResource": "$1"',
  Condition: '"Condition": {\n\t"$1": {\n\t\t"$2": "$3"\n\t}\n}',
};

const KEY_DOCS: Readonly<Record<string, string>> = {
  Version: 'The policy language version. Always `2012-10-17`.',
  Id: 'An optional identifier for the policy.',
  Statement: 'The statements: one object or an array of them.',
  Sid: 'An optional statement id, unique within the policy.',
  Effect: '`Allow` or `Deny`.',
  Principal: 'Who the statement applies to (resource-based and trust policies only).',
  NotPrincipal: 'Everyone except the listed principals. AWS recommends conditions on `aws:PrincipalArn` instead.',
  Action: 'The actions the statement allows or denies.',
  NotAction: 'Every action except the listed ones.',
  Resource: 'The resources the statement covers (ARNs).',
  NotResource: 'Every resource except the listed ones.',
  Condition: 'When the statement applies: `{ operator: { key: values } }`.',
};

/** One sentence on a policy element, for hovers. */
export function elementDocumentation(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(KEY_DOCS, name) ? KEY_DOCS[name] : undefined;
}

function keyCompletions(parsed: ParsedPolicy, cursor: Cursor, names: readonly string[], existing: ReadonlySet<string>): AssistCompletion[] {
  const target = propertyTarget(parsed.text, cursor);
  const items: AssistCompletion[] = [];
  for (const name of names) {
    if (existing.has(name)) continue;
    const documentation = KEY_DOCS[name];
    const full = KEY_SNIPPETS[name] ?? `"${name}": "$1"`;
    items.push(
      propertyItem(target, name, 'property', full.slice(full.indexOf(': ') + 2), {
        ...(documentation !== undefined ? { documentation } : {}),
      }),
    );
  }
  return items;
}

function followsValue(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_*-]/.test(text.charAt(i - 1))) i--;
  while (i > 0 && /\s/.test(text.charAt(i - 1))) i--;
  const previous = text.charAt(i - 1);
  return previous === '"' || previous === ']' || previous === '}';
}
