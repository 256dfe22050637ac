import type { PolicyRef } from '../evaluator/model';
import type { PolicySource } from '../evaluator/types';
import type { ParsedPolicy } from '../parser/policyTree';
import type { LoadedModel } from './modelTypes';
import { refOfSource } from './policyLoader';

/**
 * Finds the parsed document behind a `PolicySource` of this model (traces carry sources, not documents), so an
 * explanation can quote what a statement lists. A source the loader made leads straight to its ref; any other (a copy,
 * or a hand-built model's) is found through an index by source object and by name+type+attachment, built on the
 * first such lookup: indexing every ref of a 50,000-principal export costs more than the explanation that asks.
 */
export function policyLookup(model: LoadedModel, extra: readonly PolicyRef[] = []): (source: PolicySource) => ParsedPolicy | undefined {
  const extraBySource = new Map(extra.map((ref) => [ref.source, ref]));
  let index: ((source: PolicySource) => PolicyRef | undefined) | undefined;
  return (source) => (extraBySource.get(source) ?? refOfSource(source) ?? (index ??= indexRefs(model, extra))(source))?.parsed;
}

function indexRefs(model: LoadedModel, extra: readonly PolicyRef[]): (source: PolicySource) => PolicyRef | undefined {
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
  return (source) => bySource.get(source) ?? byKey.get(key(source));
}
