/**
 * Shared logic of the PASS_ROLE_WITH_* and CREATE_SLR_WITH_* checks: an Allow statement that grants one sensitive
 * IAM action (iam:PassRole, iam:CreateServiceLinkedRole) on more than named resources. How the action is granted
 * (named, through a wildcard, through NotAction) and how the resources are opened (wildcards in Resource, or
 * NotResource) select the Access Analyzer code.
 */
import type { Located, StatementNode } from '../parser/policyTree';
import type { Span } from '../span';
import { compileWildcard } from '../wildcard';
import { arnFitsFormat, compileArnFormat, type CompiledArnFormat } from './arn';
import { effectOf } from './documentUtils';
import { actionFacts, resourceFacts } from './statementFacts';
import type { Catalog } from '../catalog/types';

export type GrantedVia = 'action' | 'wildcardAction' | 'notAction';
export type OpenedBy = 'wildcardResource' | 'notResource';

export interface BroadGrant {
  readonly via: GrantedVia;
  readonly openedBy: OpenedBy;
  /** The action string, wildcard or NotAction key that brings the action in. */
  readonly actionSpan: Span;
  /** The wildcard resource or the NotResource key. */
  readonly resourceSpan: Span;
  readonly resourceText: string;
  readonly actionText: string;
}

/**
 * Finds how an Allow statement grants `action` (lowercase `service:Name`) on resources of `resourceFormat`
 * broadly; undefined when it does not.
 */
export function findBroadGrant(statement: StatementNode, catalog: Catalog, action: string, resourceFormat: string): BroadGrant | undefined {
  if (effectOf(statement) !== 'Allow') return undefined;
  const facts = actionFacts(statement, catalog);
  let via: GrantedVia | undefined;
  let actionItem: Located<string> | undefined;
  if (facts.element === 'Action') {
    for (const item of facts.items) {
      if (item.kind === 'malformed') continue;
      const text = item.item.value.toLowerCase();
      if (text === action) {
        via = 'action';
        actionItem = item.item;
        break;
      }
      if ((item.kind === 'all' || item.nameHasWildcard || item.serviceHasWildcard) && compileWildcard(text, { caseInsensitive: true })(action)) {
        via ??= 'wildcardAction';
        actionItem ??= item.item;
      }
    }
  } else if (facts.element === 'NotAction' && facts.list) {
    const excluded = facts.items.some((i) => i.kind !== 'malformed' && compileWildcard(i.item.value, { caseInsensitive: true })(action));
    if (!excluded) {
      via = 'notAction';
      actionItem = undefined;
    }
  }
  if (!via) return undefined;
  const actionSpan = actionItem?.span ?? facts.list?.property.keySpan ?? statement.span;
  const actionText = actionItem?.value ?? 'NotAction';

  const resources = resourceFacts(statement, catalog);
  if (resources.element === 'NotResource' && resources.list) {
    return { via, openedBy: 'notResource', actionSpan, resourceSpan: resources.list.property.keySpan, resourceText: 'NotResource', actionText };
  }
  if (resources.element !== 'Resource') return undefined;
  const format = compileArnFormat(resourceFormat) as CompiledArnFormat;
  for (const item of resources.items) {
    if (!item.item.value.includes('*')) continue;
    if (item.kind === 'star' || (item.arn && arnFitsFormat(item.arn, format) && opensWholeNames(item.arn.parts.resource))) {
      return { via, openedBy: 'wildcardResource', actionSpan, resourceSpan: item.item.span, resourceText: item.item.value, actionText };
    }
  }
  return undefined;
}

/**
 * True when a wildcard in the resource part stands for whole role names (`*`, `role/*`, `role/service-role/*`,
 * `role/*admin*`), not when it only completes a name (`role/my-app-*`) or sits in the account field
 * (`arn:aws:iam::*:role/MyRole`): those are deliberate scoping, and reporting them would bury the real findings.
 */
function opensWholeNames(resource: string): boolean {
  const wildcard = resource.search(/[*?]/);
  if (wildcard < 0) return false;
  return /^(role\/([^/*?]+\/)*)?$/.test(resource.slice(0, wildcard)) || resource.slice(0, wildcard) === 'role';
}

/** The Access Analyzer code suffix for a grant shape, e.g. `WITH_STAR_IN_ACTION_AND_NOTRESOURCE`. */
export function grantCodeSuffix(grant: BroadGrant): string {
  if (grant.openedBy === 'notResource') {
    if (grant.via === 'action') return 'WITH_NOTRESOURCE';
    if (grant.via === 'wildcardAction') return 'WITH_STAR_IN_ACTION_AND_NOTRESOURCE';
    return 'WITH_NOTACTION_AND_NOTRESOURCE';
  }
  if (grant.via === 'action') return 'WITH_STAR_IN_RESOURCE';
  if (grant.via === 'wildcardAction') return 'WITH_STAR_IN_ACTION_AND_RESOURCE';
  return 'WITH_STAR_IN_RESOURCE_AND_NOTACTION';
}

/** "through 'iam:*'" / "through NotAction" / "" for messages. */
export function grantDescription(grant: BroadGrant, actionName: string): string {
  const how =
    grant.via === 'action'
      ? actionName
      : grant.via === 'wildcardAction'
        ? `${actionName} (through '${grant.actionText}')`
        : `${actionName} (through NotAction, which does not exclude it)`;
  const where = grant.openedBy === 'notResource' ? 'on every resource not listed in NotResource' : `on '${grant.resourceText}'`;
  return `${how} ${where}`;
}
