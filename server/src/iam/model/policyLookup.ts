import type { PolicyRef } from '../evaluator/model';
import type { PolicySource } from '../evaluator/types';
import type { ParsedPolicy } from '../parser/policyTree';
import type { LoadedModel } from './modelTypes';

/**
 * Finds the parsed document behind a `PolicySource` of this model (traces carry sources, not documents), so an
 * explanation can quote what a statement lists. Indexed once, by source object and by name+type+attachment.
 */
export function policyLookup(model: LoadedModel, extra: readonly PolicyRef[] = []): (source: PolicySource) => ParsedPolicy | undefined {
  const bySource = new Map<PolicySource, PolicyRef>();
  const byKey = new Map<string, PolicyRef>();
  const key = (s: PolicySource) => `${s.type}\u0000${s.name}\u0000${s.attachedTo ?? ''}\u0000${s.file ?? ''}`;
  const add = (ref: PolicyRef | undefined) => {
    if (!ref) return;
    bySource.set(ref.source, ref);
    byKey.set(key(ref.source), ref);
  };
  for (const principal of model.principals()) {
    principal.identityPolicies.forEach(add);
    add(principal.permissionsBoundary);
    add(principal.trustPolicy);
  }
  for (const resource of model.resources()) add(resource.policy);
  for (const account of model.accounts()) for (const level of account.orgPath) [...level.scps, ...level.rcps].forEach(add);
  extra.forEach(add);
  return (source) => (bySource.get(source) ?? byKey.get(key(source)))?.parsed;
}
