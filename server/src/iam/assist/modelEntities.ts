/**
 * What a loaded account model knows, for pickers and completion: principals, accounts, resources, the actions its
 * policies name and the condition keys its policies test (with their catalog types).
 */
import type { Catalog } from '../catalog/types';
import type { PolicyRef } from '../evaluator/model';
import type { LoadedModel } from '../model/modelTypes';
import { requesterLabel, requesters, type RequesterKind } from '../model/requesters';

export interface EntityPrincipal {
  readonly arn: string;
  readonly kind: RequesterKind;
  readonly name: string;
  readonly accountId: string;
  /** How every face names it (`alice (user, 111111111111)`, `ec2.amazonaws.com (service principal)`). */
  readonly label: string;
}

export interface EntityContextKey {
  readonly key: string;
  readonly type?: string;
  readonly multiValued: boolean;
  readonly description?: string;
}

export interface ModelEntityLists {
  readonly accounts: readonly string[];
  readonly principals: readonly EntityPrincipal[];
  readonly resources: readonly string[];
  readonly actions: readonly string[];
  readonly contextKeys: readonly EntityContextKey[];
}

/** Every policy the model holds, each once. */
export function modelPolicies(model: LoadedModel): PolicyRef[] {
  const seen = new Set<PolicyRef>();
  const add = (ref: PolicyRef | undefined): void => {
    if (ref !== undefined) seen.add(ref);
  };
  for (const principal of model.principals()) {
    principal.identityPolicies.forEach(add);
    add(principal.permissionsBoundary);
    add(principal.trustPolicy);
  }
  for (const resource of model.resources()) add(resource.policy);
  for (const account of model.accounts()) {
    for (const level of account.orgPath) {
      level.scps.forEach(add);
      level.rcps.forEach(add);
    }
  }
  for (const group of model.groups()) group.policies.forEach(add);
  for (const managed of model.managedPolicies()) add(managed.policy);
  return [...seen];
}

export function modelEntities(model: LoadedModel, catalog: Catalog): ModelEntityLists {
  const actions = new Set<string>();
  const keys = new Map<string, string>();
  for (const ref of modelPolicies(model)) {
    // AWS managed policies name thousands of actions (ReadOnlyAccess alone), which would drown the user's own in a
    // picker; the catalog still offers every action.
    if (ref.source.arn?.startsWith('arn:aws:iam::aws:policy/') === true) continue;
    for (const statement of ref.parsed.document?.statements ?? []) {
      for (const item of [...(statement.action?.items ?? []), ...(statement.notAction?.items ?? [])]) actions.add(item.value);
      for (const operator of statement.condition?.operators ?? []) {
        for (const key of operator.keys) if (!keys.has(key.key.toLowerCase())) keys.set(key.key.toLowerCase(), key.key);
      }
    }
  }
  const contextKeys = [...keys.values()].sort().map((key): EntityContextKey => {
    const info = catalog.conditionKey(key);
    return info === undefined ? { key, multiValued: false } : { key, type: info.type, multiValued: info.multiValued, description: info.description };
  });
  return {
    accounts: model.accounts().map((a) => a.id),
    principals: requesters(model).map((p) => ({ arn: p.arn, kind: p.kind, name: p.name, accountId: p.accountId, label: requesterLabel(p) })),
    resources: model.resources().map((r) => r.arn),
    actions: [...actions].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    contextKeys,
  };
}
