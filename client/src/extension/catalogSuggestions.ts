/**
 * Action suggestions and action descriptions for the simulator's fields, from the bundled catalog (out/catalog).
 * These are lookups in the same generated data the server uses, not evaluation, so the host answers them itself.
 */
import { loadCatalog } from '../../../server/src/node/catalogFiles';
import type { Catalog } from '../../../server/src/iam/catalog';
import type { ActionDescription, ModelContextKeyInfo, Suggestion } from '../protocol/messages';

const LIMIT = 200;

export class CatalogSuggestions {
  private catalog: Catalog | undefined;

  constructor(private readonly directory: string) {}

  private get(): Catalog {
    this.catalog ??= loadCatalog(this.directory);
    return this.catalog;
  }

  /** `s3:Get` → the s3 actions starting with Get; `s3` or `ec` → service prefixes; model actions come first. */
  suggestActions(text: string, modelActions: readonly string[]): Suggestion[] {
    const typed = text.trim().toLowerCase();
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (s: Suggestion): void => {
      if (out.length < LIMIT && !seen.has(s.value.toLowerCase())) {
        seen.add(s.value.toLowerCase());
        out.push(s);
      }
    };
    for (const action of modelActions) {
      if (action.toLowerCase().startsWith(typed) && !action.includes('*')) add({ value: action, detail: 'used in the model' });
    }
    const colon = typed.indexOf(':');
    try {
      const catalog = this.get();
      if (colon === -1) {
        for (const service of catalog.services()) {
          if (service.prefix.startsWith(typed)) add({ value: `${service.prefix}:`, detail: service.name });
        }
      } else {
        const prefix = typed.slice(0, colon);
        const name = typed.slice(colon + 1);
        for (const action of catalog.actions(prefix)) {
          if (action.name.toLowerCase().startsWith(name)) add({ value: `${action.service}:${action.name}`, detail: action.accessLevel });
        }
      }
    } catch {
      // Without the catalog there are still the model's actions.
    }
    return out;
  }

  describeAction(action: string): ActionDescription {
    const [prefix = '', name = ''] = action.trim().split(':');
    let info;
    try {
      info = this.get().action(prefix, name);
    } catch {
      info = undefined;
    }
    if (!info) return { action, known: false, resourceTemplates: [], wildcardOnly: false, conditionKeys: [] };
    const catalog = this.get();
    const templates: string[] = [];
    const keyNames = new Set<string>(info.conditionKeys);
    for (const rt of info.resourceTypes) {
      const type = catalog.resourceType(info.service, rt.name);
      for (const format of type?.arnFormats ?? []) if (!templates.includes(format)) templates.push(format.replace('${Partition}', 'aws'));
      for (const key of [...(type?.conditionKeys ?? []), ...rt.conditionKeys]) keyNames.add(key);
    }
    const conditionKeys: ModelContextKeyInfo[] = [];
    for (const key of keyNames) {
      const keyInfo = catalog.conditionKey(key);
      conditionKeys.push(
        keyInfo
          ? { key, type: keyInfo.type, multiValued: keyInfo.multiValued, description: keyInfo.description }
          : { key, multiValued: false },
      );
    }
    return {
      action: `${info.service}:${info.name}`,
      known: true,
      resourceTemplates: templates,
      wildcardOnly: info.resourceTypes.length === 0,
      conditionKeys,
    };
  }
}
