/**
 * ARN hover: the parts of an ARN and the resource types whose ARN formats it fits; AWS managed policy ARNs get a
 * summary of what the policy grants.
 */
import type { Catalog, ResourceTypeInfo } from '../catalog/types';
import { parseArn } from '../arn';
import { arnFitsCatalogFormat } from '../catalog/arnFormat';
import { parsePolicy } from '../parser/parsePolicy';
import { countText } from '../countText';

/** Resource types of the ARN's service whose ARN formats the ARN fits. */
export function matchingResourceTypes(arn: string, catalog: Catalog): ResourceTypeInfo[] {
  const parts = parseArn(arn);
  if (parts === undefined) return [];
  return catalog.resourceTypes(parts.service).filter((type) => type.arnFormats.some((format) => arnFitsCatalogFormat(arn, format)));
}

export function arnHover(value: string, catalog: Catalog): string | undefined {
  if (value === '*') return '**`*`** — every resource (or, in Principal, everyone).';
  const parts = parseArn(value);
  if (parts === undefined) return undefined;
  const lines = [
    `**ARN** \`${value}\``,
    '',
    `| part | value |`,
    `|---|---|`,
    `| partition | \`${parts.partition || '—'}\` |`,
    `| service | \`${parts.service || '—'}\`${catalog.service(parts.service) ? ` (${catalog.service(parts.service)?.name ?? ''})` : ''} |`,
    `| region | \`${parts.region || '(none)'}\` |`,
    `| account | \`${parts.account || '(none)'}\` |`,
    `| resource | \`${parts.resource || '—'}\` |`,
  ];
  const types = matchingResourceTypes(value, catalog);
  if (types.length > 0) {
    lines.push('', `Resource type: ${types.map((t) => `\`${t.name}\` (${t.arnFormats.map((f) => `\`${f}\``).join(', ')})`).join('; ')}`);
  }
  return lines.join('\n');
}

/** `arn:aws:iam::aws:policy/…` (any partition): an AWS managed policy. */
export function isManagedPolicyArn(value: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\/./.test(value);
}

/** What an AWS managed policy grants, summarised per service and access level, from its document text. */
export function managedPolicySummary(
  arn: string,
  text: string | undefined,
  catalog: Catalog,
  version?: { readonly versionId: string; readonly updated: string },
): string {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (text === undefined) return `**${name}** — AWS managed policy (not in the bundled snapshot).`;
  const document = parsePolicy(text).document;
  const lines = [`**${name}** — AWS managed policy`, ''];
  for (const statement of document?.statements ?? []) {
    const effect = typeof statement.effect?.value === 'string' ? statement.effect.value : '?';
    const actions = statement.action?.items.map((i) => i.value) ?? [];
    const notActions = statement.notAction?.items.map((i) => i.value) ?? [];
    const resources = statement.resource?.items.map((i) => i.value) ?? [];
    const levels = new Map<string, Set<string>>();
    for (const pattern of actions) {
      if (pattern === '*') {
        levels.set('*', new Set(['all actions']));
        continue;
      }
      for (const action of catalog.actionsMatching(pattern)) {
        let set = levels.get(action.service);
        if (set === undefined) levels.set(action.service, (set = new Set()));
        set.add(action.accessLevel);
      }
    }
    const services = [...levels].map(([service, set]) => `\`${service}\` (${[...set].join(', ')})`);
    const what =
      notActions.length > 0
        ? `everything except ${notActions.map((a) => `\`${a}\``).join(', ')}`
        : services.length > 8
          ? `${services.slice(0, 8).join(', ')} and ${services.length - 8} more services`
          : services.join(', ') || '(no known actions)';
    const on =
      resources.length === 0 || resources.includes('*')
        ? ''
        : ` on ${resources
            .slice(0, 3)
            .map((r) => `\`${r}\``)
            .join(', ')}${resources.length > 3 ? ', …' : ''}`;
    lines.push(`- **${effect}** ${what}${on}${statement.condition ? ' (with conditions)' : ''}`);
  }
  const facts = version !== undefined ? `Default version ${version.versionId}, updated ${version.updated}. ` : '';
  lines.push('', `${facts}${countText(text.length)} characters.`);
  return lines.join('\n');
}
