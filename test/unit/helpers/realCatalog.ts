/**
 * The real generated data for tests, loaded once per test process from out/catalog and out/managed-policies
 * (the build writes both).
 */
import { loadCatalog } from '../../../server/src/node/catalogFiles';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import type { Catalog } from '../../../server/src/iam/catalog/types';
import type { ManagedPolicyStore } from '../../../server/src/iam/model/managedPolicies/managedPolicies';

/** The real catalog, lazily loaded and shared. */
export function realCatalog(): Catalog {
  return loadCatalog();
}

/** The real snapshot of AWS managed policies, lazily loaded and shared. */
export function realManagedPolicies(): ManagedPolicyStore {
  return loadManagedPolicyStore();
}

/** Every AWS managed policy of the snapshot with its document text: the validator's "no false errors" corpus. */
export function allManagedPolicies(): { name: string; arn: string; text: string }[] {
  const store = loadManagedPolicyStore();
  return store.list().map((p) => {
    const text = store.text(p.arn);
    if (text === undefined) throw new Error(`managed policy snapshot has no document for ${p.arn}`);
    return { name: p.name, arn: p.arn, text };
  });
}
