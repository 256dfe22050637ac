/**
 * The real action catalog over generated data (scripts/generate-catalog.mjs). The core never reads files: the
 * caller passes a `CatalogSource` (server/src/node/catalogFiles.ts reads out/catalog; tests pass strings).
 *
 * Everything is lazy: the index is parsed on first use, each service file on the first lookup that needs it. Results
 * of the two lookups the validator makes per string in a document (`actionsMatching`, `conditionKey`) are memoized.
 */
import type { ActionInfo, Catalog, CatalogProvenance, ConditionKeyInfo, ResourceTypeInfo, ServiceSummary } from './types';
import { parseIndex, parseService, type IndexData, type ServiceData } from './serviceData';
import { compileWildcard, hasWildcard } from '../wildcard';

/** Where the catalog's generated text comes from. */
export interface CatalogSource {
  /** Text of index.json. */
  readIndex(): string;
  /** Text of the service file for a lowercase prefix, or undefined when there is none. */
  readService(prefix: string): string | undefined;
}

const MEMO_LIMIT = 5_000;

/**
 * Claims that AWS STS copies from the token of any OIDC identity provider into `<provider-url>:<claim>` keys
 * (IAM user guide, "Available keys for OIDC federation"). The Service Authorization Reference lists them only for a
 * few well-known providers, but the provider part is the user's own URL (`oidc.eks.us-east-1.amazonaws.com/id/X`,
 * `app.terraform.io`), so they are recognised for any URL-like prefix. `amr` may hold several values.
 */
const OIDC_CLAIMS: ReadonlyMap<string, string> = new Map([
  ['aud', 'Audience (client ID) of the OIDC token'],
  ['sub', 'Subject of the OIDC token'],
  ['oaud', 'Other audiences of the OIDC token'],
  ['azp', 'Authorized party (client ID) of the OIDC token'],
  ['email', 'Email address claim of the OIDC token'],
  ['amr', 'Authentication methods reference of the OIDC token'],
]);

function oidcClaimKey(lower: string, index: IndexData): ConditionKeyInfo | undefined {
  const split = lower.lastIndexOf(':');
  const provider = lower.slice(0, split);
  const claim = OIDC_CLAIMS.get(lower.slice(split + 1));
  if (claim === undefined || !/[./]/.test(provider) || index.servicesByPrefix.has(provider)) return undefined;
  const multiValued = lower.endsWith(':amr');
  return {
    key: `\${OidcProviderUrl}:${lower.slice(split + 1)}`,
    description: claim,
    type: multiValued ? 'ArrayOfString' : 'String',
    multiValued,
    global: false,
    service: 'sts',
  };
}
const NO_ACTIONS: readonly ActionInfo[] = [];

/** Builds a Catalog over a source of generated data. Cheap: nothing is read until the first lookup. */
export function createCatalog(source: CatalogSource): Catalog {
  let index: IndexData | undefined;
  const services = new Map<string, ServiceData | null>();
  const matchingMemo = new Map<string, readonly ActionInfo[]>();
  const keyMemo = new Map<string, ConditionKeyInfo | null>();

  function idx(): IndexData {
    index ??= parseIndex(source.readIndex());
    return index;
  }

  function serviceData(prefix: string): ServiceData | undefined {
    const lower = prefix.toLowerCase();
    const known = services.get(lower);
    if (known !== undefined) return known ?? undefined;
    let data: ServiceData | null = null;
    if (idx().servicesByPrefix.has(lower)) {
      const text = source.readService(lower);
      if (text !== undefined) data = parseService(text, idx().globalKeysByLowerName);
    }
    services.set(lower, data);
    return data ?? undefined;
  }

  function remember<V>(memo: Map<string, V>, key: string, value: V): V {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
    return value;
  }

  return {
    get provenance(): CatalogProvenance {
      return idx().provenance;
    },
    services: (): readonly ServiceSummary[] => idx().services,
    service: (prefix) => idx().servicesByPrefix.get(prefix.toLowerCase()),
    actions: (prefix) => serviceData(prefix)?.actions ?? NO_ACTIONS,
    action: (prefix, name) => serviceData(prefix)?.action(name.toLowerCase()),
    actionsMatching(pattern: string): readonly ActionInfo[] {
      const key = pattern.toLowerCase();
      return matchingMemo.get(key) ?? remember(matchingMemo, key, actionsMatchingPattern(idx(), serviceData, pattern));
    },
    resourceTypes: (prefix): readonly ResourceTypeInfo[] => serviceData(prefix)?.resourceTypes ?? [],
    resourceType: (prefix, name) => serviceData(prefix)?.resourceTypesByLowerName.get(name.toLowerCase()),
    conditionKey(name: string): ConditionKeyInfo | undefined {
      const lower = name.toLowerCase();
      const known = keyMemo.get(lower);
      if (known !== undefined) return known ?? undefined;
      return remember(keyMemo, lower, findConditionKey(idx(), serviceData, lower) ?? null) ?? undefined;
    },
    serviceConditionKeys: (prefix) => serviceData(prefix)?.conditionKeys ?? [],
    globalConditionKeys: () => idx().globalKeys,
    rcpSupportedServices: () => idx().rcpSupportedServices,
  };
}

type ServiceLookup = (prefix: string) => ServiceData | undefined;

/** The actions an Action pattern names (`s3:Get*`, `*`, `s?:List*`), before memoising. */
function actionsMatchingPattern(index: IndexData, serviceData: ServiceLookup, pattern: string): readonly ActionInfo[] {
  const colon = pattern.indexOf(':');
  if (colon < 0) {
    // `*` alone is every action of every service; anything else without a colon names no action.
    return /^\*+$/.test(pattern) ? index.services.flatMap((s) => serviceData(s.prefix)?.actions ?? []) : NO_ACTIONS;
  }
  const servicePart = pattern.slice(0, colon);
  const actionPart = pattern.slice(colon + 1);
  const prefixes = hasWildcard(servicePart)
    ? index.services.map((s) => s.prefix).filter(compileWildcard(servicePart, { caseInsensitive: true }))
    : [servicePart];
  const found: ActionInfo[] = [];
  for (const prefix of prefixes) {
    const data = serviceData(prefix);
    if (data === undefined) continue;
    if (!hasWildcard(actionPart)) {
      const action = data.action(actionPart.toLowerCase());
      if (action !== undefined) found.push(action);
      continue;
    }
    found.push(...data.actionsWhere(compileWildcard(actionPart, { caseInsensitive: true })));
  }
  return found;
}

/** What the catalog knows of a condition key (lower case), before memoising. */
function findConditionKey(index: IndexData, serviceData: ServiceLookup, lower: string): ConditionKeyInfo | undefined {
  const global = index.globalKeysByLowerName.get(lower);
  if (global !== undefined) return global;
  const colon = lower.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = lower.slice(0, colon);
  if (prefix === 'aws') return index.globalKeyPatterns.find((p) => p.regExp.test(lower))?.info;

  // The owning services: the one named by the prefix, and those that define keys of an identity provider or of
  // another service (sts defines `accounts.google.com:aud`, ec2 defines `ssm:SourceInstanceArn`).
  const owners = new Set<string>();
  if (index.servicesByPrefix.has(prefix)) owners.add(prefix);
  for (const s of index.keyOwners.get(prefix) ?? []) owners.add(s);
  for (const p of index.keyOwnerPatterns) if (p.regExp.test(prefix)) for (const s of p.services) owners.add(s);
  for (const owner of owners) {
    const exact = serviceData(owner)?.keysByLowerName.get(lower);
    if (exact !== undefined) return exact;
  }
  for (const owner of owners) {
    const patterned = serviceData(owner)?.keyPatterns.find((p) => p.regExp.test(lower));
    if (patterned !== undefined) return patterned.info;
  }
  return oidcClaimKey(lower, index);
}
