/**
 * Node side of the catalog: reads the generated files from out/catalog and hands them to the pure core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog, type CatalogSource } from '../iam/catalog';
import type { Catalog } from '../iam/catalog';
import { dataRoot } from './dataRoot';

const loaded = new Map<string, Catalog>();

/** A CatalogSource over a folder laid out as out/catalog (index.json and services/<prefix>.json). */
export function catalogFileSource(directory: string): CatalogSource {
  return {
    readIndex: () => readFileSync(join(directory, 'index.json'), 'utf8'),
    readService(prefix: string): string | undefined {
      // Prefixes come from the index, but never let a name reach outside the folder.
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(prefix)) return undefined;
      try {
        return readFileSync(join(directory, 'services', `${prefix}.json`), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The catalog from out/catalog (or from `directory`), loaded once per process and folder. Lazy: this reads nothing
 * until the first lookup, then only the index and the services that lookups touch.
 */
export function loadCatalog(directory: string = join(dataRoot(), 'catalog')): Catalog {
  let catalog = loaded.get(directory);
  if (catalog === undefined) {
    catalog = createCatalog(catalogFileSource(directory));
    loaded.set(directory, catalog);
  }
  return catalog;
}
