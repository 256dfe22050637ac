/** The action catalog: services, actions, resource types and condition keys (generated data plus corrections.json). */
export type { Catalog } from './types';
export { createCatalog, type CatalogSource } from './catalog';
export { closestActionNames, closestMatches, isKnownAction, meantAction, meantConditionKey, patternedKeyMissingName } from './suggest';
