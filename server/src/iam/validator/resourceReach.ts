import type { ActionInfo, Catalog } from '../catalog/types';
import type { StatementNode } from '../parser';
import { arnFitsFormat, type PolicyArn } from './arn';
import { formatsOfAction, resourceFacts } from './statementFacts';

/**
 * Whether a statement can apply to an action as far as its Resource goes: some resource it names is of a type the
 * action is authorized against (the Service Authorization Reference). True wherever the catalog cannot tell: no
 * Resource (a trust policy), NotResource, `*` or anything else than an ARN among the resources, an action without
 * resource types, resource types without ARN formats.
 */
export function resourceCanApply(statement: StatementNode, action: ActionInfo, catalog: Catalog): boolean {
  if (!statement.resource) return true;
  const resources = resourceFacts(statement, catalog).items;
  if (resources.length === 0 || resources.some((r) => r.kind !== 'arn')) return true;
  const arns = resources.map((r) => r.arn).filter((a): a is PolicyArn => a !== undefined);
  return action.resourceTypes.length === 0 || actsOnSome(action, arns, catalog);
}

/** True when some of the ARNs can name a resource this action is authorized against. */
export function actsOnSome(action: ActionInfo, arns: readonly PolicyArn[], catalog: Catalog): boolean {
  const formats = formatsOfAction(action, catalog);
  return formats.length === 0 || formats.some((f) => arns.some((arn) => arnFitsFormat(arn, f)));
}
