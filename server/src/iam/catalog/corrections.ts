/**
 * The corrections overlay: data laid over the generated catalog where it lags or loses what AWS documents
 * (corrections.json, each entry with its documentation page). Two things come from it: resource types an action is
 * missing, and notes that mark a service's or an action's entry as incomplete. A finding or decision that depends on
 * an entry with a note says so (the note travels on `ActionInfo.catalogNote`) instead of asserting.
 */
import type { ActionInfo, ActionResourceType, CatalogNote } from './types';
import data from './corrections.json';

interface ActionCorrection {
  /** Resource types (of the same service) that AWS documents for the action; added as optional ones. */
  readonly resourceTypes?: readonly string[];
  readonly note?: string;
  readonly url?: string;
}

interface ServiceCorrection {
  readonly note?: string;
  readonly url?: string;
  readonly actions?: Readonly<Record<string, ActionCorrection>>;
}

const services = (data as { readonly services: Readonly<Record<string, ServiceCorrection>> }).services;

/** True when the overlay has something for this service: its actions are then rebuilt by `correctActions`. */
export function hasCorrections(prefix: string): boolean {
  return Object.prototype.hasOwnProperty.call(services, prefix);
}

function noteOf(text: string | undefined, url: string | undefined): CatalogNote | undefined {
  return text !== undefined && url !== undefined ? { text, url } : undefined;
}

/** The service's actions with the overlay applied: missing resource types added, notes attached. */
export function correctActions(prefix: string, actions: readonly ActionInfo[]): ActionInfo[] {
  const service = services[prefix];
  if (!service) return [...actions];
  const serviceNote = noteOf(service.note, service.url);
  return actions.map((action) => {
    const correction = service.actions?.[action.name];
    const note = noteOf(correction?.note, correction?.url) ?? serviceNote;
    const present = new Set(action.resourceTypes.map((rt) => rt.name));
    const added: ActionResourceType[] = (correction?.resourceTypes ?? [])
      .filter((name) => !present.has(name))
      .map((name) => ({ name, required: false, conditionKeys: [], dependentActions: [] }));
    if (!note && added.length === 0) return action;
    return {
      ...action,
      resourceTypes: added.length > 0 ? [...action.resourceTypes, ...added] : action.resourceTypes,
      ...(note ? { catalogNote: note } : {}),
    };
  });
}
