/**
 * Parsing of the generated catalog files (scripts/generate-catalog.mjs writes them) into lookup structures.
 * Each service is parsed on first use; lowercase maps are built once so that every later lookup is one Map get.
 */
import type {
  AccessLevel,
  ActionInfo,
  ActionResourceType,
  CatalogProvenance,
  ConditionKeyInfo,
  ConditionKeyType,
  ResourceTypeInfo,
  ServiceSummary,
} from './types';
import { isPatternedKey, keyPatternRegExp } from './keyPatterns';
import { correctActions, correctResourceTypes, hasCorrections } from './corrections';

/** A patterned condition key with its matcher. */
export interface KeyPattern {
  readonly regExp: RegExp;
  readonly info: ConditionKeyInfo;
}

export interface ServiceData {
  readonly summary: ServiceSummary;
  /** Every action of the service, in the file's order (see `parseService` for when they are built). */
  readonly actions: readonly ActionInfo[];
  /** The action with this lowercase name. */
  action(lowerName: string): ActionInfo | undefined;
  /** The actions whose names pass `test`, in the file's order; only those are built. */
  actionsWhere(test: (name: string) => boolean): ActionInfo[];
  readonly resourceTypes: readonly ResourceTypeInfo[];
  readonly resourceTypesByLowerName: ReadonlyMap<string, ResourceTypeInfo>;
  readonly conditionKeys: readonly ConditionKeyInfo[];
  readonly keysByLowerName: ReadonlyMap<string, ConditionKeyInfo>;
  readonly keyPatterns: readonly KeyPattern[];
}

export interface IndexData {
  readonly provenance: CatalogProvenance;
  readonly services: readonly ServiceSummary[];
  readonly servicesByPrefix: ReadonlyMap<string, ServiceSummary>;
  readonly globalKeys: readonly ConditionKeyInfo[];
  readonly globalKeysByLowerName: ReadonlyMap<string, ConditionKeyInfo>;
  readonly globalKeyPatterns: readonly KeyPattern[];
  readonly rcpSupportedServices: readonly string[];
  /** Lowercase key prefix that is not a service prefix → services defining keys with it (`saml` → `sts`). */
  readonly keyOwners: ReadonlyMap<string, readonly string[]>;
  readonly keyOwnerPatterns: readonly { readonly regExp: RegExp; readonly services: readonly string[] }[];
}

// Row shapes of the generated files (see the "//" field the generator writes into each service file).
type ResourceRow = [string, 0 | 1, string[], string[]];
type ActionRow = [string, string, string, ResourceRow[], string[], string[]];
type ResourceTypeRow = [string, string[], string[]];
type KeyRow = [string, string, string];

interface ServiceFile {
  prefix: string;
  name: string;
  actions: ActionRow[];
  resourceTypes: ResourceTypeRow[];
  conditionKeys: KeyRow[];
}

interface IndexFile {
  $generated: { source: string; version: string; dataDate: string };
  services: [string, string][];
  globalConditionKeys: { key: string; type: string; multiValued: boolean; description: string }[];
  rcpSupportedServices: string[];
  keyOwners: [string, string[]][];
}

export function parseIndex(text: string): IndexData {
  const raw = JSON.parse(text) as IndexFile;
  const services = raw.services
    .map(([prefix, name]): ServiceSummary => ({ prefix, name }))
    .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const globalKeys = raw.globalConditionKeys.map((g): ConditionKeyInfo => ({
    key: g.key,
    description: g.description,
    type: g.type as ConditionKeyType,
    multiValued: g.multiValued,
    global: true,
    service: g.key.startsWith('aws:') ? 'aws' : g.key.slice(0, g.key.indexOf(':')),
  }));
  const keyOwners = new Map<string, readonly string[]>();
  const keyOwnerPatterns: { regExp: RegExp; services: readonly string[] }[] = [];
  for (const [prefix, owners] of raw.keyOwners) {
    if (isPatternedKey(prefix)) keyOwnerPatterns.push({ regExp: keyPatternRegExp(prefix), services: owners });
    else keyOwners.set(prefix.toLowerCase(), owners);
  }
  return {
    provenance: {
      source: raw.$generated.source,
      version: raw.$generated.version,
      dataDate: raw.$generated.dataDate,
    },
    services,
    servicesByPrefix: new Map(services.map((s) => [s.prefix.toLowerCase(), s])),
    globalKeys,
    globalKeysByLowerName: new Map(globalKeys.map((k) => [k.key.toLowerCase(), k])),
    globalKeyPatterns: patternsOf(globalKeys),
    rcpSupportedServices: raw.rcpSupportedServices,
    keyOwners,
    keyOwnerPatterns,
  };
}

/**
 * A service's data from its file. Its actions are built when first asked for, each once (the same object every time):
 * a document usually names a few actions of a service by name, and building all of EC2's 800-odd up front was a
 * good part of a language server's first diagnostics. A service the corrections overlay changes is built whole.
 */
export function parseService(text: string, globalKeysByLowerName: ReadonlyMap<string, ConditionKeyInfo>): ServiceData {
  const raw = JSON.parse(text) as ServiceFile;
  const service = raw.prefix;
  // The file's rows, until every action is built (then they are let go).
  let rows: ActionRow[] | undefined = raw.actions;
  const toAction = ([name, accessLevel, description, resources, conditionKeys, dependentActions]: ActionRow): ActionInfo => ({
    service,
    name,
    description,
    accessLevel: accessLevel as AccessLevel,
    resourceTypes: resources.map(([rName, required, rKeys, rDependent]): ActionResourceType => ({
      name: rName,
      required: required === 1,
      conditionKeys: rKeys,
      dependentActions: rDependent,
    })),
    conditionKeys,
    dependentActions,
  });
  // correctActions keeps the order of the actions it is given, so index i is row i either way.
  let actions: readonly ActionInfo[] | undefined = hasCorrections(service) ? correctActions(service, rows.map(toAction)) : undefined;
  const built: (ActionInfo | undefined)[] = [];
  const actionAt = (i: number): ActionInfo => actions?.[i] ?? (built[i] ??= toAction(rows?.[i] as ActionRow));
  // A later row wins over an earlier one of the same lowercase name, as a Map built from the list would have it.
  const rowByLowerName = new Map(rows.map((row, i) => [row[0].toLowerCase(), i]));
  const allActions = (): readonly ActionInfo[] => {
    actions ??= (rows ?? []).map((_, i) => actionAt(i));
    rows = undefined;
    built.length = 0;
    return actions;
  };
  if (actions !== undefined) rows = undefined;
  const generatedTypes = raw.resourceTypes.map(([name, arnFormats, conditionKeys]): ResourceTypeInfo => ({ service, name, arnFormats, conditionKeys }));
  const resourceTypes = hasCorrections(service) ? correctResourceTypes(service, generatedTypes) : generatedTypes;
  const conditionKeys = raw.conditionKeys.map(([key, type, description]): ConditionKeyInfo => ({
    key,
    description,
    type: type as ConditionKeyType,
    multiValued: type.startsWith('ArrayOf'),
    // A few session keys with a service prefix (ec2:SourceInstanceArn) are global: prefer that entry.
    global: globalKeysByLowerName.has(key.toLowerCase()),
    service,
  }));
  return {
    summary: { prefix: service, name: raw.name },
    get actions(): readonly ActionInfo[] {
      return allActions();
    },
    action(lowerName: string): ActionInfo | undefined {
      const i = rowByLowerName.get(lowerName);
      return i === undefined ? undefined : actionAt(i);
    },
    actionsWhere(test: (name: string) => boolean): ActionInfo[] {
      if (rows === undefined) return allActions().filter((action) => test(action.name));
      const found: ActionInfo[] = [];
      rows.forEach((row, i) => {
        if (test(row[0])) found.push(actionAt(i));
      });
      return found;
    },
    resourceTypes,
    resourceTypesByLowerName: new Map(resourceTypes.map((r) => [r.name.toLowerCase(), r])),
    conditionKeys,
    keysByLowerName: new Map(conditionKeys.map((k) => [k.key.toLowerCase(), k])),
    keyPatterns: patternsOf(conditionKeys),
  };
}

function patternsOf(keys: readonly ConditionKeyInfo[]): KeyPattern[] {
  return keys.filter((k) => isPatternedKey(k.key)).map((info) => ({ regExp: keyPatternRegExp(info.key), info }));
}
