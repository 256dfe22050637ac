/**
 * The corrections overlay: data laid over the generated catalog where it lags or loses what AWS documents
 * (corrections.json, each entry with its documentation page). It adds resource types (with their ARN formats) and
 * condition keys that actions are missing, and notes that mark a service's or an action's entry as incomplete. A
 * finding or decision that depends on an entry with a note says so (the note travels on `ActionInfo.catalogNote`)
 * instead of asserting.
 */
import type { ActionInfo, ActionResourceType, CatalogNote, ResourceTypeInfo } from './types';
import data from './corrections.json';

interface ActionCorrection {
  /** Resource types (of the same service) that AWS documents for the action; added as optional ones. */
  readonly resourceTypes?: readonly string[];
  /** Condition keys AWS documents for the action. */
  readonly conditionKeys?: readonly string[];
  readonly note?: string;
  readonly url: string;
}

interface ResourceTypeCorrection {
  readonly arnFormats: readonly string[];
  readonly url: string;
}

interface ServiceCorrection {
  readonly note?: string;
  readonly url?: string;
  /** Resource types the generated data lacks altogether. */
  readonly resourceTypes?: Readonly<Record<string, ResourceTypeCorrection>>;
  readonly actions?: Readonly<Record<string, ActionCorrection>>;
}

const services = (data as { readonly services: Readonly<Record<string, ServiceCorrection>> }).services;

/** True when the overlay has something for this service: its data is then passed through the functions below. */
export function hasCorrections(prefix: string): boolean {
  return Object.prototype.hasOwnProperty.call(services, prefix);
}

function noteOf(text: string | undefined, url: string | undefined): CatalogNote | undefined {
  return text !== undefined && url !== undefined ? { text, url } : undefined;
}

/** Names added to a list, without the ones it already has. */
function added<T>(present: readonly T[], names: readonly T[] | undefined): T[] {
  return (names ?? []).filter((name) => !present.includes(name));
}

/** The service's actions with the overlay applied: missing resource types and keys added, notes attached. */
export function correctActions(prefix: string, actions: readonly ActionInfo[]): ActionInfo[] {
  const service = services[prefix];
  if (!service) return [...actions];
  const serviceNote = noteOf(service.note, service.url);
  return actions.map((action) => {
    const correction = service.actions?.[action.name];
    const note = noteOf(correction?.note, correction?.url) ?? serviceNote;
    const types = added(
      action.resourceTypes.map((rt) => rt.name),
      correction?.resourceTypes,
    ).map((name): ActionResourceType => ({ name, required: false, conditionKeys: [], dependentActions: [] }));
    const keys = added(action.conditionKeys, correction?.conditionKeys);
    if (!note && types.length === 0 && keys.length === 0) return action;
    return {
      ...action,
      resourceTypes: types.length > 0 ? [...action.resourceTypes, ...types] : action.resourceTypes,
      conditionKeys: keys.length > 0 ? [...action.conditionKeys, ...keys] : action.conditionKeys,
      ...(note ? { catalogNote: note } : {}),
    };
  });
}

/** The service's resource types with the ones the overlay adds. */
export function correctResourceTypes(prefix: string, types: readonly ResourceTypeInfo[]): ResourceTypeInfo[] {
  const extra = services[prefix]?.resourceTypes ?? {};
  const present = new Set(types.map((t) => t.name));
  const additions = Object.entries(extra)
    .filter(([name]) => !present.has(name))
    .map(([name, type]): ResourceTypeInfo => ({ service: prefix, name, arnFormats: type.arnFormats, conditionKeys: [] }));
  return [...types, ...additions];
}
