/**
 * Facts about one statement that several catalog-driven rules need: the parsed action strings and the catalog
 * actions they match, the parsed resource ARNs, the ARN formats the statement's actions accept, and the condition
 * entries with their parsed operators and catalog keys. Each fact is computed once per statement and catalog
 * (WeakMap caches keyed by the StatementNode), whatever the number of rules that ask.
 */
import type { ActionInfo, Catalog, CatalogNote, ConditionKeyInfo, ResourceTypeInfo } from '../catalog/types';
import { parseConditionOperator, type ParsedOperator } from '../conditionOperators';
import type { ConditionKeyNode, ConditionOperatorNode, Located, StatementNode, StringListElement } from '../parser/policyTree';
import type { PolicyDocument } from '../parser/policyTree';
import { hasWildcard } from '../wildcard';
import { arnFitsFormat, compileArnFormat, preparePolicyArn, type CompiledArnFormat, type PolicyArn } from './arn';
import { countArnFields, splitArn } from '../arn';

// ---------------------------------------------------------------------------------------------------------------
// Small helpers.

/** Every statement of the document (none when the text is not a policy object). */
export function statementsOf(document: PolicyDocument | undefined): readonly StatementNode[] {
  return document?.statements ?? [];
}

/** True when a string holds a policy variable `${…}`. */
export function hasPolicyVariable(text: string): boolean {
  const open = text.indexOf('${');
  return open >= 0 && text.indexOf('}', open + 2) > open;
}

interface Cached<T> {
  readonly catalog: Catalog;
  readonly value: T;
}

/**
 * All cached facts of one statement live in one object behind one WeakMap entry: an editor re-parses on every
 * keystroke, so per-statement bookkeeping must stay cheap (five WeakMaps cost more than the facts they saved).
 */
interface Slots {
  catalog: Catalog;
  actions?: ActionFacts;
  resources?: ResourceFacts;
  formats?: { value: ActionFormats | undefined };
  conditions?: readonly ConditionEntry[];
  support?: { value: KeySupport | undefined };
}

const slotCache = new WeakMap<StatementNode, Slots>();

function slots(statement: StatementNode, catalog: Catalog): Slots {
  let entry = slotCache.get(statement);
  if (!entry || entry.catalog !== catalog) {
    entry = { catalog };
    slotCache.set(statement, entry);
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------------------------
// Actions.

const ACTION_SHAPE = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;

export interface ActionItem {
  readonly item: Located<string>;
  /** `all`: the bare `*`; `malformed`: not `service:action`; `action`: a (possibly wildcard) action. */
  readonly kind: 'all' | 'malformed' | 'action';
  /** Service part as written (empty for `all`/`malformed` without a colon). */
  readonly service: string;
  readonly name: string;
  readonly serviceHasWildcard: boolean;
  readonly nameHasWildcard: boolean;
  /** For a literal service part: whether the catalog knows it. True for wildcard services that match some service. */
  readonly serviceKnown: boolean;
  /**
   * Catalog actions matched by the item. Empty for `all` and `malformed` (`all` is not materialised: the rules
   * that need it treat it as "every action").
   */
  readonly matches: readonly ActionInfo[];
}

export interface ActionFacts {
  /** Which element lists the actions: Action, NotAction, or none. */
  readonly element: 'Action' | 'NotAction' | undefined;
  readonly list: StringListElement | undefined;
  readonly items: readonly ActionItem[];
  /** True when the list contains the bare `*` (or a `*:*`-like pattern matching every service). */
  readonly all: boolean;
  /** Distinct catalog actions matched by the items (meaningless when `all`). */
  readonly actions: readonly ActionInfo[];
}

function isAllStars(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 42) return false;
  return true;
}

function parseActionItem(item: Located<string>, catalog: Catalog): ActionItem {
  const text = item.value;
  const colon = text.indexOf(':');
  const service = colon >= 0 ? text.slice(0, colon) : '';
  const name = colon >= 0 ? text.slice(colon + 1) : text;
  const serviceHasWildcard = hasWildcard(service);
  const nameHasWildcard = hasWildcard(name);
  let kind: ActionItem['kind'] = 'action';
  let serviceKnown = false;
  let matches: readonly ActionInfo[] = [];
  if (isAllStars(text)) {
    kind = 'all';
    serviceKnown = true;
  } else if (!ACTION_SHAPE.test(text)) {
    kind = 'malformed';
  } else if (serviceHasWildcard) {
    matches = catalog.actionsMatching(text);
    serviceKnown = matches.length > 0;
  } else {
    serviceKnown = catalog.service(service) !== undefined;
    if (serviceKnown) matches = catalog.actionsMatching(text);
  }
  return { item, kind, service, name, serviceHasWildcard, nameHasWildcard, serviceKnown, matches };
}

/** The statement's action strings, parsed and matched against the catalog (cached per statement). */
export function actionFacts(statement: StatementNode, catalog: Catalog): ActionFacts {
  const cache = slots(statement, catalog);
  return (cache.actions ??= (() => {
    const list = statement.action ?? statement.notAction;
    const element = statement.action ? 'Action' : statement.notAction ? 'NotAction' : undefined;
    const items = (list?.items ?? []).map((item) => parseActionItem(item, catalog));
    const all = items.some((i) => i.kind === 'all' || (i.serviceHasWildcard && isAllStars(i.service) && isAllStars(i.name)));
    // The union is built on first use only: most rules never need it, and `s3:*` alone matches ~150 actions.
    let actions: readonly ActionInfo[] | undefined;
    return {
      element,
      list,
      items,
      all,
      get actions(): readonly ActionInfo[] {
        if (actions === undefined) {
          const seen = new Set<ActionInfo>();
          if (!all) for (const i of items) for (const a of i.matches) seen.add(a);
          actions = [...seen];
        }
        return actions;
      },
    };
  })());
}

/** The first catalog note among these actions: set when a finding about them may rest on incomplete data. */
export function catalogNoteOf(actions: readonly ActionInfo[]): CatalogNote | undefined {
  for (const action of actions) if (action.catalogNote) return action.catalogNote;
  return undefined;
}

/** A finding's message with the catalog's caveat after it, so the user knows the data may lag AWS. */
export function withCatalogNote(message: string, note: CatalogNote | undefined): string {
  return note ? `${message} The catalog may be incomplete here: ${note.text} (${note.url})` : message;
}

// ---------------------------------------------------------------------------------------------------------------
// Resources.

export interface ResourceItem {
  readonly item: Located<string>;
  /**
   * `star`: only wildcards (`*`); `noPrefix`: does not start with `arn:` (and is not only wildcards);
   * `missingFields`: fewer than six fields; `arn`: a complete ARN (possibly with wildcards and variables).
   */
  readonly kind: 'star' | 'noPrefix' | 'missingFields' | 'arn';
  readonly arn?: PolicyArn;
  readonly fieldCount: number;
}

export interface ResourceFacts {
  readonly element: 'Resource' | 'NotResource' | undefined;
  readonly list: StringListElement | undefined;
  readonly items: readonly ResourceItem[];
}

function parseResourceItem(item: Located<string>): ResourceItem {
  const text = item.value;
  const fieldCount = countArnFields(text);
  if (/^\*+$/.test(text)) return { item, kind: 'star', fieldCount };
  if (!text.startsWith('arn:')) return { item, kind: 'noPrefix', fieldCount };
  const parts = splitArn(text);
  if (!parts) return { item, kind: 'missingFields', fieldCount };
  return { item, kind: 'arn', arn: preparePolicyArn(parts), fieldCount };
}

/** The statement's Resource or NotResource strings, parsed (cached per statement). */
export function resourceFacts(statement: StatementNode, catalog: Catalog): ResourceFacts {
  const cache = slots(statement, catalog);
  if (cache.resources) return cache.resources;
  const list = statement.resource ?? statement.notResource;
  const element = statement.resource ? 'Resource' : statement.notResource ? 'NotResource' : undefined;
  cache.resources = { element, list, items: (list?.items ?? []).map(parseResourceItem) };
  return cache.resources;
}

export interface ActionFormats {
  /** Every ARN format of the resource types of the statement's actions (deduplicated). */
  readonly formats: readonly CompiledArnFormat[];
  /** Actions of the statement that support resource-level permissions (have resource types). */
  readonly resourceLevelActions: number;
  /** Actions of the statement without resource types (they only match `Resource: "*"`). */
  readonly wildcardOnlyActions: number;
}

const actionFormatCache = new WeakMap<ActionInfo, readonly CompiledArnFormat[]>();

/** The compiled ARN formats of one action's resource types (cached per catalog action). */
export function formatsOfAction(action: ActionInfo, catalog: Catalog): readonly CompiledArnFormat[] {
  let formats = actionFormatCache.get(action);
  if (formats) return formats;
  const list: CompiledArnFormat[] = [];
  for (const rt of action.resourceTypes) {
    for (const format of catalog.resourceType(action.service, rt.name)?.arnFormats ?? []) {
      const compiled = compileArnFormat(format);
      if (compiled && !list.includes(compiled)) list.push(compiled);
    }
  }
  formats = list;
  actionFormatCache.set(action, formats);
  return formats;
}

/**
 * The ARN formats the statement's `Action` list accepts. Undefined when that is unknowable or unbounded: NotAction,
 * the bare `*`, or no action that the catalog knows.
 */
export function actionFormats(statement: StatementNode, catalog: Catalog): ActionFormats | undefined {
  const cache = slots(statement, catalog);
  return (cache.formats ??= {
    value: (() => {
      const facts = actionFacts(statement, catalog);
      if (facts.element !== 'Action' || facts.all || facts.actions.length === 0) return undefined;
      const formats = new Set<CompiledArnFormat>();
      let resourceLevelActions = 0;
      let wildcardOnlyActions = 0;
      for (const action of facts.actions) {
        if (action.resourceTypes.length === 0) wildcardOnlyActions++;
        else resourceLevelActions++;
        for (const compiled of formatsOfAction(action, catalog)) formats.add(compiled);
      }
      return { formats: [...formats], resourceLevelActions, wildcardOnlyActions };
    })(),
  }).value;
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions.

export interface ConditionEntry {
  readonly operatorNode: ConditionOperatorNode;
  /** Undefined when the operator is unknown. */
  readonly operator: ParsedOperator | undefined;
  readonly keyNode: ConditionKeyNode;
  /** The catalog's entry for the key; undefined for unknown keys. */
  readonly keyInfo: ConditionKeyInfo | undefined;
}

/** One entry per operator/key pair of the statement's Condition block (cached per statement). */
export function conditionEntries(statement: StatementNode, catalog: Catalog): readonly ConditionEntry[] {
  const cache = slots(statement, catalog);
  return (cache.conditions ??= (() => {
    const entries: ConditionEntry[] = [];
    for (const operatorNode of statement.condition?.operators ?? []) {
      const operator = parseConditionOperator(operatorNode.operator);
      for (const keyNode of operatorNode.keys) {
        entries.push({ operatorNode, operator, keyNode, keyInfo: catalog.conditionKey(keyNode.key) });
      }
    }
    return entries;
  })());
}

/** Condition values as the strings AWS compares (numbers and booleans are read as their text). */
export function valueText(value: Located<string | number | boolean>): string {
  return typeof value.value === 'string' ? value.value : String(value.value);
}

/**
 * Normalises a key name for "which keys does this action support" comparisons. Both sides are the catalog's
 * canonical spellings (`s3:ExistingObjectTag/<key>`, `aws:ResourceTag/${TagKey}`), so lowercase is enough.
 */
export function supportKeyName(key: string): string {
  return key.toLowerCase();
}

const actionKeyCache = new WeakMap<ActionInfo, ReadonlySet<string>>();

/** The normalised keys one action supports: its own and those of its resource types (cached per catalog action). */
function keysOfAction(action: ActionInfo, catalog: Catalog): ReadonlySet<string> {
  let keys = actionKeyCache.get(action);
  if (keys) return keys;
  const names = new Set<string>();
  for (const key of action.conditionKeys) names.add(supportKeyName(key));
  for (const rt of action.resourceTypes) {
    for (const key of rt.conditionKeys) names.add(supportKeyName(key));
    for (const key of catalog.resourceType(action.service, rt.name)?.conditionKeys ?? []) names.add(supportKeyName(key));
  }
  keys = names;
  actionKeyCache.set(action, keys);
  return keys;
}

/** Answers "does some action of this statement support this key?" for one statement. */
export interface KeySupport {
  /** `key` in the catalog's canonical spelling (`ConditionKeyInfo.key`). */
  supports(key: string): boolean;
}

/**
 * Which condition keys the statement's actions support (each action's own keys and those of its resource types).
 * Undefined when the actions are unknown or unbounded (NotAction, `*`, an action the catalog does not list).
 */
export function keySupport(statement: StatementNode, catalog: Catalog): KeySupport | undefined {
  const cache = slots(statement, catalog);
  return (cache.support ??= { value: computeKeySupport(statement, catalog) }).value;
}

function computeKeySupport(statement: StatementNode, catalog: Catalog): KeySupport | undefined {
  const facts = actionFacts(statement, catalog);
  if (facts.element !== 'Action' || facts.all || facts.actions.length === 0) return undefined;
  // An action string the catalog does not know may be a newer action that supports the key: give up then, and
  // likewise when an action's entry is known to be incomplete (corrections.json).
  if (facts.items.some((i) => i.kind !== 'action' || i.matches.length === 0)) return undefined;
  if (catalogNoteOf(facts.actions)) return undefined;
  const answers = new Map<string, boolean>();
  return {
    supports(key: string): boolean {
      const name = supportKeyName(key);
      let answer = answers.get(name);
      if (answer === undefined) {
        answer = facts.actions.some((a) => keysOfAction(a, catalog).has(name));
        answers.set(name, answer);
      }
      return answer;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ARN formats of the resource's own service.

export interface ServiceFormats {
  /** Formats of the resource types whose ARN service is the ARN's service. */
  readonly all: readonly CompiledArnFormat[];
  /** Those whose resource part the ARN can match; equal to `all` when none does. */
  readonly fitting: readonly CompiledArnFormat[];
  /**
   * Formats of resource types that no action of the catalog lists. They are gaps in the data, not types nothing acts
   * on: the Service Authorization Reference has two API Gateway services under the one prefix `apigateway`, and the
   * catalog keeps one `GET`, so the V2 types (`/apis`) belong to no action.
   */
  readonly orphans: readonly CompiledArnFormat[];
}

// Keyed by the ARN text (the answer depends on nothing else): an editor re-validates the same ARNs on every keystroke.
const serviceFormatCache = new Map<string, Cached<ServiceFormats | undefined>>();
const ownFormatCache = new WeakMap<readonly ResourceTypeInfo[], { service: string; formats: readonly CompiledArnFormat[] }>();

/** The compiled formats of a service's resource types whose ARN service is that service (cached per catalog list). */
const orphanCache = new WeakMap<readonly ResourceTypeInfo[], readonly CompiledArnFormat[]>();

/** The service's formats of resource types that none of its actions lists (see `ServiceFormats.orphans`). */
function orphanFormats(catalog: Catalog, service: string, types: readonly ResourceTypeInfo[]): readonly CompiledArnFormat[] {
  const cached = orphanCache.get(types);
  if (cached) return cached;
  const used = new Set<string>();
  for (const action of catalog.actions(service)) for (const rt of action.resourceTypes) used.add(rt.name.toLowerCase());
  const orphans = ownFormats(
    types.filter((rt) => !used.has(rt.name.toLowerCase())),
    service,
  );
  orphanCache.set(types, orphans);
  return orphans;
}

function ownFormats(types: readonly ResourceTypeInfo[], service: string): readonly CompiledArnFormat[] {
  // Keyed by the catalog's list and checked against the service: `S3` finds the list of `s3` but owns no format.
  const cached = ownFormatCache.get(types);
  if (cached && cached.service === service) return cached.formats;
  const list: CompiledArnFormat[] = [];
  for (const rt of types) {
    for (const format of rt.arnFormats) {
      const compiled = compileArnFormat(format);
      if (compiled && compiled.service === service && !list.includes(compiled)) list.push(compiled);
    }
  }
  if (types.length > 0) ownFormatCache.set(types, { service, formats: list });
  return list;
}

/**
 * The ARN formats a resource ARN is measured against for region and account rules: the catalog's resource types of
 * the ARN's service whose ARN service is that service. Undefined when the service is a pattern or the catalog has
 * no formats for it (then those rules stay quiet).
 */
export function serviceFormats(item: ResourceItem, catalog: Catalog): ServiceFormats | undefined {
  const arn = item.arn;
  if (!arn) return undefined;
  const text = item.item.value;
  const hit = serviceFormatCache.get(text);
  if (hit && hit.catalog === catalog) return hit.value;
  let value: ServiceFormats | undefined;
  const service = arn.parts.service;
  if (!service.includes('*') && !service.includes('?') && !service.includes('${')) {
    const types = catalog.resourceTypes(service);
    const all = ownFormats(types, service);
    if (all.length > 0) {
      const fitting = all.filter((f) => arnFitsFormat(arn, f));
      value = { all, fitting: fitting.length > 0 ? fitting : all, orphans: orphanFormats(catalog, service, types) };
    }
  }
  if (serviceFormatCache.size >= 5_000) serviceFormatCache.clear();
  serviceFormatCache.set(text, { catalog, value });
  return value;
}
