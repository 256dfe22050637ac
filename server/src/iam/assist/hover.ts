/**
 * What to show when the pointer rests on part of a policy: an action, a wildcard action, a condition key or
 * operator, an ARN, a policy variable, or a document key (with the size meter). Pure markdown plus the span hovered.
 */
import type { ActionInfo, Catalog } from '../catalog/types';
import { meantAction, meantConditionKey } from '../catalog';
import { parseConditionOperator } from '../conditionOperators';
import type { ParsedPolicy } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import { POLICY_TYPE_NAMES } from '../policyTypes';
import { hasWildcard } from '../wildcard';
import { arnHover } from './arnInfo';
import { operatorDescription, keyDocumentation } from './completeConditions';
import { locate, type Cursor } from './cursor';
import { SPECIAL_VARIABLES } from './knownValues';
import { elementDocumentation } from './completion';
import { sizeMeter } from './sizes';
import type { AssistEnvironment, AssistHover } from './types';

/** Hover at `offset` of a policy; `type` is the policy type it is validated as (for the size meter). */
export function hoverAt(parsed: ParsedPolicy, offset: number, env: AssistEnvironment, type: PolicyType | undefined): AssistHover | undefined {
  const cursor = locate(parsed, offset);
  const token = cursor.string;
  if (token === undefined || !token.terminated) return undefined;
  const span = { offset: token.contentStart, length: token.contentEnd - token.contentStart };
  const value = token.value;
  const variable = variableHover(cursor, env.catalog);
  if (variable !== undefined) return variable;
  const markdown = ((): string | undefined => {
    switch (cursor.slot.kind) {
      case 'documentKey':
        return type !== undefined
          ? `**${value}** — ${POLICY_TYPE_NAMES[type]}\n\n${elementDocumentation(value) ?? ''}\n\n${sizeMeter(parsed.text, type)}`
          : undefined;
      case 'statementKey': {
        const documentation = elementDocumentation(value);
        return documentation === undefined ? undefined : `**${value}** — ${documentation}`;
      }
      case 'action':
        return actionHover(value, env.catalog);
      case 'conditionOperator':
        return operatorHover(value);
      case 'conditionKey':
        return keyHover(value, env.catalog);
      case 'resource':
      case 'principal':
        return arnHover(value, env.catalog);
      case 'version':
        return value === '2012-10-17'
          ? 'The current policy language version. Policy variables (`${aws:username}`) need it.'
          : value === '2008-10-17'
            ? 'An old policy language version: policy variables are not substituted. Use `2012-10-17`.'
            : undefined;
      case 'effect':
      case 'principalType':
      case 'conditionValue':
      case 'other':
        return undefined;
    }
  })();
  return markdown === undefined ? undefined : { markdown, span };
}

/** The AWS Service Authorization Reference page of a service (`list_amazons3.html`). */
export function serviceReferenceLink(catalog: Catalog, prefix: string): string {
  const name = catalog.service(prefix)?.name ?? prefix;
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.html`;
}

export function actionHover(value: string, catalog: Catalog): string | undefined {
  if (value === '*') return '**`*`** — every action of every service.';
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const matches = catalog.actionsMatching(value);
  if (hasWildcard(value)) {
    if (matches.length === 0) return `**\`${value}\`** matches no known action.`;
    const shown = matches.slice(0, 25).map((a) => `- \`${a.service}:${a.name}\` (${a.accessLevel})`);
    const more = matches.length > shown.length ? `\n- … and ${matches.length - shown.length} more` : '';
    return `**\`${value}\`** matches ${matches.length} action${matches.length === 1 ? '' : 's'}:\n\n${shown.join('\n')}${more}`;
  }
  const action = matches[0];
  return action === undefined ? unknownActionHover(value, colon, catalog) : describeAction(action, catalog);
}

/**
 * An action the catalog does not list: said as the catalog's view (it may lag AWS), with the action meant when one is
 * close, as the diagnostic under it says; a hover that showed nothing read as if the action were fine.
 */
function unknownActionHover(value: string, colon: number, catalog: Catalog): string {
  const prefix = value.slice(0, colon);
  const service = catalog.service(prefix);
  if (service === undefined) return `**\`${value}\`** — the bundled catalog knows no service \`${prefix}\`.`;
  const meant = meantAction(catalog, value);
  const suggestion = meant === undefined ? '' : ` Did you mean \`${meant}\`?`;
  return `**\`${value}\`** — the bundled catalog lists no such action of ${service.name}.${suggestion}`;
}

/** How many of an action's condition keys its hover names. */
const MAX_KEYS_SHOWN = 8;

function describeAction(action: ActionInfo, catalog: Catalog): string {
  const lines = [`**${action.service}:${action.name}** — ${action.accessLevel}`, '', action.description, ''];
  if (action.resourceTypes.length === 0) lines.push('Resource: `*` only (no resource-level permissions).');
  for (const ref of action.resourceTypes) {
    const formats = catalog.resourceType(action.service, ref.name)?.arnFormats ?? [];
    lines.push(`- Resource \`${ref.name}\`${ref.required ? ' (required)' : ''}: ${formats.map((f) => `\`${f}\``).join(', ')}`);
  }
  const keys = [...new Set([...action.conditionKeys, ...action.resourceTypes.flatMap((r) => r.conditionKeys)])];
  if (keys.length > 0) {
    // A few, not thirty (s3:PutObject has): the hover is read at a glance; completion in a Condition lists them all.
    const shown = keys.slice(0, MAX_KEYS_SHOWN).map((k) => `\`${k}\``);
    const more = keys.length > shown.length ? `, and ${keys.length - shown.length} more (completion in a Condition lists them all)` : '';
    lines.push('', `Condition keys: ${shown.join(', ')}${more}`);
  }
  const dependent = [...new Set([...action.dependentActions, ...action.resourceTypes.flatMap((r) => r.dependentActions)])];
  if (dependent.length > 0) lines.push('', `Dependent actions: ${dependent.map((k) => `\`${k}\``).join(', ')}`);
  lines.push('', `[AWS reference](${serviceReferenceLink(catalog, action.service)})`);
  return lines.join('\n');
}

function operatorHover(value: string): string | undefined {
  const parsed = parseConditionOperator(value);
  if (parsed === undefined) return undefined;
  const lines = [`**${parsed.canonical}**`, '', operatorDescription(parsed.base)];
  if (parsed.qualifier === 'ForAnyValue') {
    lines.push('', '`ForAnyValue:` true when at least one request value matches; false when the key is missing.');
  } else if (parsed.qualifier === 'ForAllValues') {
    lines.push('', '`ForAllValues:` true when every request value matches; **also true when the key is missing or empty**.');
  }
  if (parsed.ifExists) lines.push('', '`IfExists`: true when the key is missing from the request; otherwise as the operator.');
  if (!parsed.exactCase) lines.push('', `AWS requires the exact spelling \`${parsed.canonical}\`.`);
  return lines.join('\n');
}

function keyHover(value: string, catalog: Catalog): string | undefined {
  const info = catalog.conditionKey(value);
  if (info !== undefined) return `**${value}**\n\n${keyDocumentation(info)}`;
  // A key of an identity provider or a service the catalog lacks is left alone: only a near miss of a known key is named.
  const meant = meantConditionKey(catalog, value);
  return meant === undefined ? undefined : `**${value}** — the bundled catalog lists no such condition key. Did you mean \`${meant}\`?`;
}

function variableHover(cursor: Cursor, catalog: Catalog): AssistHover | undefined {
  const token = cursor.string;
  if (token === undefined) return undefined;
  const relative = cursor.offset - token.contentStart;
  const open = token.value.lastIndexOf('${', relative);
  if (open < 0) return undefined;
  const close = token.value.indexOf('}', open);
  if (close < 0 || close < relative - 1) return undefined;
  const inner = token.value.slice(open + 2, close);
  const name = inner.split(',')[0]?.trim() ?? inner;
  const special = SPECIAL_VARIABLES.find((s) => s.name === name);
  const info = catalog.conditionKey(name);
  const description =
    special?.description ??
    (info !== undefined ? keyDocumentation(info) : 'Not a known condition key: AWS leaves the text unreplaced and the comparison fails.');
  const fallback = inner.includes(',') ? `\n\nDefault value when the key is missing: \`${inner.slice(inner.indexOf(',') + 1).trim()}\`.` : '';
  return {
    markdown: `**Policy variable \`\${${name}}\`** — replaced by the request's value of \`${name}\`.\n\n${description}${fallback}`,
    span: { offset: token.contentStart + open, length: close - open + 1 },
  };
}
