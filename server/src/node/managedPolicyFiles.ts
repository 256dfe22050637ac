/**
 * Node side of the AWS managed policy snapshot: reads out/managed-policies for the pure store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createManagedPolicyStore, type ManagedPolicySource, type ManagedPolicyStore } from '../iam/model';
import { dataRoot } from './dataRoot';

const loaded = new Map<string, ManagedPolicyStore>();

/** A ManagedPolicySource over a folder laid out as out/managed-policies (index.json, docs/<nn>.json). */
export function managedPolicyFileSource(directory: string): ManagedPolicySource {
  return {
    readIndex: () => readFileSync(join(directory, 'index.json'), 'utf8'),
    readShard(shard: number): string | undefined {
      if (!Number.isInteger(shard) || shard < 0) return undefined;
      try {
        return readFileSync(join(directory, 'docs', `${String(shard).padStart(2, '0')}.json`), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** The snapshot from out/managed-policies (or `directory`), loaded once per process and folder, lazily. */
export function loadManagedPolicyStore(directory: string = join(dataRoot(), 'managed-policies')): ManagedPolicyStore {
  let store = loaded.get(directory);
  if (store === undefined) {
    store = createManagedPolicyStore(managedPolicyFileSource(directory));
    loaded.set(directory, store);
  }
  return store;
}
