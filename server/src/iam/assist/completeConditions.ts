// Completion inside Condition blocks: operators (with qualifiers and IfExists), keys, and values of known keys.
import type { Catalog, ConditionKeyInfo } from '../catalog/types';
import { BASE_OPERATORS, parseConditionOperator, type BaseOperator } from '../conditionOperators';
import { statementActions } from './completeActions';
import { propertyItem, propertyTarget, snippetEscape, valueItem, valueTarget, type PropertyTarget } from './completionItems';
import type { Cursor } from './cursor';
import { KEY_VALUES } from './knownValues';
import type { AssistCompletion } from './types';

/** What each operator family compares, for completion documentation and hover. */
export function operatorDescription(base: BaseOperator): string {
  const what: Record<BaseOperator['category'], string> = {
    string: 'Compares strings',
    numeric: 'Compares numbers',
    date: 'Compares dates (ISO 8601 or epoch seconds)',
    bool: 'Compares a boolean key with `true` or `false`',
    binary: 'Compares base-64 encoded binary values byte for byte',
    ip: 'Tests whether an IP address lies in a CIDR range',
    arn: 'Compares ARNs part by part; `*` and `?` are wildcards within each part',
    null: 'Tests whether the key is present in the request (`true`: absent, `false`: present)',
  };
  const parts = [what[base.category]];
  if (base.ignoreCase) parts.push('ignoring case');
  if (base.wildcards && base.category === 'string') parts.push('with `*` and `?` wildcards');
  if (base.negated) parts.push('and holds when no policy value matches');
  const missing =
    base.category === 'null'
      ? 'It is the way to test for a missing key.'
      : base.negated
        ? 'When the key is missing from the request, a negated operator evaluates to **true**.'
        : 'When the key is missing from the request, the condition is **false** (add `IfExists` to make it true).';
  return `${parts.join(' ')}. ${missing}`;
}

export function conditionOperatorCompletions(text: string, cursor: Cursor, catalog: Catalog): AssistCompletion[] {
  void catalog;
  const target = propertyTarget(text, cursor);
  const items: AssistCompletion[] = [];
  for (const base of BASE_OPERATORS) {
    const documentation = operatorDescription(base);
    items.push(keyItem(target, base.name, 'condition operator', documentation, `0${base.name}`));
    if (base.category !== 'null') {
      items.push(keyItem(target, `${base.name}IfExists`, 'true when the key is missing', documentation, `1${base.name}`));
      for (const qualifier of ['ForAnyValue', 'ForAllValues']) {
        items.push(
          keyItem(
            target,
            `${qualifier}:${base.name}`,
            'for multi-valued keys',
            `${qualifierDescription(qualifier)}\n\n${documentation}`,
            `2${base.name}${qualifier}`,
          ),
        );
      }
    }
  }
  return items;
}

function qualifierDescription(qualifier: string): string {
  return qualifier === 'ForAnyValue'
    ? '`ForAnyValue`: true when at least one request value matches a policy value; false when the key is missing.'
    : '`ForAllValues`: true when every request value matches a policy value; **true** when the key is missing or empty.';
}

function keyItem(target: PropertyTarget, label: string, detail: string, documentation: string, sortText: string): AssistCompletion {
  return propertyItem(target, label, 'operator', '{\n\t"$1": "$2"\n}', { detail, documentation, sortText });
}

/** The condition keys the statement's actions support (action and resource-type keys), then the global keys. */
export function statementConditionKeys(cursor: Cursor, catalog: Catalog): ConditionKeyInfo[] {
  const names = new Set<string>();
  for (const action of statementActions(cursor, catalog)) {
    for (const key of action.conditionKeys) names.add(key);
    for (const ref of action.resourceTypes) for (const key of ref.conditionKeys) names.add(key);
  }
  const found: ConditionKeyInfo[] = [];
  for (const name of names) {
    const info = catalog.conditionKey(name);
    if (info !== undefined && !info.global) found.push(info);
  }
  return found;
}

export function conditionKeyCompletions(text: string, cursor: Cursor, operator: string, catalog: Catalog): AssistCompletion[] {
  const target = propertyTarget(text, cursor);
  const parsedOperator = parseConditionOperator(operator);
  const items: AssistCompletion[] = [];
  const add = (info: ConditionKeyInfo, sortGroup: string): void => {
    const placeholder = /\$\{([^}]*)\}/.exec(info.key);
    const nameSnippet = placeholder !== null ? snippetEscape(info.key.slice(0, placeholder.index)) + `\${1:${placeholder[1] ?? ''}}` : snippetEscape(info.key);
    items.push(
      propertyItem(target, info.key, 'key', info.multiValued ? '["$2"]' : '"$2"', {
        nameSnippet,
        detail: `${info.type}${info.multiValued ? ' (multi-valued)' : ''}`,
        documentation: keyDocumentation(info),
        // Keys whose type suits the operator first.
        sortText: `${parsedOperator === undefined || suits(parsedOperator.base, info) ? '0' : '1'}${sortGroup}${info.key}`,
      }),
    );
  };
  for (const info of statementConditionKeys(cursor, catalog)) add(info, '0');
  for (const info of catalog.globalConditionKeys()) add(info, '1');
  return items;
}

export function keyDocumentation(info: ConditionKeyInfo): string {
  const valued = info.multiValued ? 'Multi-valued: use `ForAnyValue:` or `ForAllValues:` with it.' : 'Single-valued.';
  return `${info.description}\n\nType: \`${info.type}\`. ${valued}${info.global ? ' Global key (all services).' : ''}`;
}

function suits(base: BaseOperator, info: ConditionKeyInfo): boolean {
  const type = info.type.replace(/^ArrayOf/, '');
  switch (base.category) {
    case 'string':
      return type === 'String' || type === 'ARN';
    case 'numeric':
      return type === 'Numeric';
    case 'date':
      return type === 'Date';
    case 'bool':
      return type === 'Bool';
    case 'binary':
      return type === 'Binary';
    case 'ip':
      return type === 'IPAddress';
    case 'arn':
      return type === 'ARN';
    case 'null':
      return true;
  }
}

export function conditionValueCompletions(text: string, cursor: Cursor, key: string, catalog: Catalog): AssistCompletion[] {
  const target = valueTarget(text, cursor);
  const info = catalog.conditionKey(key);
  let values: readonly string[] = KEY_VALUES.get(key.toLowerCase()) ?? [];
  const type = info?.type.replace(/^ArrayOf/, '');
  if (values.length === 0 && type === 'Bool') values = ['true', 'false'];
  const items = values.map((value) => valueItem(target, value, 'value', { detail: info?.type ?? 'value' }));
  if (type === 'Date') {
    items.push(valueItem(target, '2026-01-01T00:00:00Z', 'value', { detail: 'ISO 8601 date and time' }));
  }
  if (type === 'IPAddress') {
    items.push(valueItem(target, '203.0.113.0/24', 'value', { detail: 'CIDR range (replace with yours)' }));
  }
  return items;
}
