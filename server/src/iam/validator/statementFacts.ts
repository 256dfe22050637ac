/**
 * Facts about one statement that several catalog-driven rules need: the parsed action strings and the catalog
 * actions they match, the parsed resource ARNs, the ARN formats the statement's actions accept, and the condition
 * entries with their parsed operators and catalog keys. Each fact is computed once per statement and catalog
 * (WeakMap caches keyed by the StatementNode), whatever the number of rules that ask.
 */
import type { ActionInfo, Catalog, ConditionKeyInfo } from '../catalog/types';
import { parseConditionOperator, type ParsedOperator } from '../conditionOperators';
import type {
  ConditionKeyNode,
  ConditionOperatorNode,
  Located,
  StatementNode,
  StringListElement,
} from '../parser/policyTree';
import type { PolicyDocument } from '../parser/policyTree';
import { hasWildcard } from '../wildcard';
import {
  arnFitsFormat,
  compileArnFormat,
  countArnFields,
  preparePolicyArn,
  splitArn,
  type CompiledArnFormat,
  type PolicyArn,
} from './arn';

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

function memo<T>(cache: WeakMap<StatementNode, Cached<T>>, statement: StatementNode, catalog: Catalog, compute: () => T): T {
  const hit = cache.get(statement);
  if (hit && hit.catalog === catalog) return hit.value;
  const value = compute();
  cache.set(statement, { catalog, value });
  return value;
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

const actionCache = new WeakMap<StatementNode, Cached<ActionFacts>>();

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
  return memo(actionCache, statement, catalog, () => {
    const list = statement.action ?? statement.notAction;
    const element = statement.action ? 'Action' : statement.notAction ? 'NotAction' : undefined;
    const items = (list?.items ?? []).map((item) => parseActionItem(item, catalog));
    const all = items.some((i) => i.kind === 'all' || (i.serviceHasWildcard && isAllStars(i.service) && isAllStars(i.name)));
    const seen = new Set<ActionInfo>();
    if (!all) for (const i of items) for (const a of i.matches) seen.add(a);
    return { element, list, items, all, actions: [...seen] };
  });
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

const resourceCache = new WeakMap<StatementNode, Cached<ResourceFacts>>();

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
  return memo(resourceCache, statement, catalog, () => {
    const list = statement.resource ?? statement.notResource;
    const element = statement.resource ? 'Resource' : statement.notResource ? 'NotResource' : undefined;
    return { element, list, items: (list?.items ?? []).map(parseResourceItem) };
  });
}

export interface ActionFormats {
  /** Every ARN format of the resource types of the statement's actions (deduplicated). */
  readonly formats: readonly CompiledArnFormat[];
  /** Actions of the statement that support resource-level permissions (have resource types). */
  readonly resourceLevelActions: number;
  /** Actions of the statement without resource types (they only match `Resource: "*"`). */
  readonly wildcardOnlyActions: number;
}

const formatCache = new WeakMap<StatementNode, Cached<ActionFormats | undefined>>();

/**
 * The ARN formats the statement's `Action` list accepts. Undefined when that is unknowable or unbounded: NotAction,
 * the bare `*`, or no action that the catalog knows.
 */
export function actionFormats(statement: StatementNode, catalog: Catalog): ActionFormats | undefined {
  return memo(formatCache, statement, catalog, () => {
    const facts = actionFacts(statement, catalog);
    if (facts.element !== 'Action' || facts.all || facts.actions.length === 0) return undefined;
    const byFormat = new Map<string, CompiledArnFormat>();
    let resourceLevelActions = 0;
    let wildcardOnlyActions = 0;
    const seenTypes = new Set<string>();
    for (const action of facts.actions) {
      if (action.resourceTypes.length === 0) wildcardOnlyActions++;
      else resourceLevelActions++;
      for (const rt of action.resourceTypes) {
        const typeKey = `${action.service}/${rt.name}`;
        if (seenTypes.has(typeKey)) continue;
        seenTypes.add(typeKey);
        for (const format of catalog.resourceType(action.service, rt.name)?.arnFormats ?? []) {
          if (byFormat.has(format)) continue;
          const compiled = compileArnFormat(format);
          if (compiled) byFormat.set(format, compiled);
        }
      }
    }
    return { formats: [...byFormat.values()], resourceLevelActions, wildcardOnlyActions };
  });
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

const conditionCache = new WeakMap<StatementNode, Cached<readonly ConditionEntry[]>>();

/** One entry per operator/key pair of the statement's Condition block (cached per statement). */
export function conditionEntries(statement: StatementNode, catalog: Catalog): readonly ConditionEntry[] {
  return memo(conditionCache, statement, catalog, () => {
    const entries: ConditionEntry[] = [];
    for (const operatorNode of statement.condition?.operators ?? []) {
      const operator = parseConditionOperator(operatorNode.operator);
      for (const keyNode of operatorNode.keys) {
        entries.push({ operatorNode, operator, keyNode, keyInfo: catalog.conditionKey(keyNode.key) });
      }
    }
    return entries;
  });
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

const supportCache = new WeakMap<StatementNode, Cached<ReadonlySet<string> | undefined>>();

/**
 * The normalised names (`supportKeyName`) of the condition keys that the statement's actions support: each action's
 * own keys and those of its resource types. Undefined when the actions are unknown or unbounded (NotAction, `*`).
 */
export function supportedKeyNames(statement: StatementNode, catalog: Catalog): ReadonlySet<string> | undefined {
  return memo(supportCache, statement, catalog, () => {
    const facts = actionFacts(statement, catalog);
    if (facts.element !== 'Action' || facts.all || facts.actions.length === 0) return undefined;
    // An action string the catalog does not know may be a newer action that supports the key: give up then.
    if (facts.items.some((i) => i.kind !== 'action' || i.matches.length === 0)) return undefined;
    const names = new Set<string>();
    const seenTypes = new Set<string>();
    for (const action of facts.actions) {
      for (const key of action.conditionKeys) names.add(supportKeyName(key));
      for (const rt of action.resourceTypes) {
        for (const key of rt.conditionKeys) names.add(supportKeyName(key));
        const typeKey = `${action.service}/${rt.name}`;
        if (seenTypes.has(typeKey)) continue;
        seenTypes.add(typeKey);
        for (const key of catalog.resourceType(action.service, rt.name)?.conditionKeys ?? []) names.add(supportKeyName(key));
      }
    }
    return names;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// ARN formats of the resource's own service.

export interface ServiceFormats {
  /** Formats of the ARN's service (from the catalog service of the same prefix, and the statement's actions). */
  readonly all: readonly CompiledArnFormat[];
  /** Those whose resource part the ARN can match; equal to `all` when none does. */
  readonly fitting: readonly CompiledArnFormat[];
}

const serviceFormatCache = new WeakMap<ResourceItem, Cached<ServiceFormats | undefined>>();

/**
 * The ARN formats a resource ARN is measured against for region and account rules: the resource types whose ARN
 * service is the ARN's service. Undefined when the service is a pattern or the catalog has no formats for it.
 */
export function serviceFormats(statement: StatementNode, item: ResourceItem, catalog: Catalog): ServiceFormats | undefined {
  const hit = serviceFormatCache.get(item);
  if (hit && hit.catalog === catalog) return hit.value;
  let value: ServiceFormats | undefined;
  const arn = item.arn;
  if (arn && !arn.parts.service.includes('*') && !arn.parts.service.includes('?') && !arn.parts.service.includes('${')) {
    const service = arn.parts.service;
    const byFormat = new Map<string, CompiledArnFormat>();
    for (const rt of catalog.resourceTypes(service)) {
      for (const format of rt.arnFormats) {
        const compiled = compileArnFormat(format);
        if (compiled && compiled.service === service) byFormat.set(format, compiled);
      }
    }
    for (const compiled of actionFormats(statement, catalog)?.formats ?? []) {
      if (compiled.service === service) byFormat.set(compiled.format, compiled);
    }
    const all = [...byFormat.values()];
    if (all.length > 0) {
      const fitting = all.filter((f) => arnFitsFormat(arn, f));
      value = { all, fitting: fitting.length > 0 ? fitting : all };
    }
  }
  serviceFormatCache.set(item, { catalog, value });
  return value;
}
