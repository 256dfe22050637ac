import { arnComponents } from '../arn';
import type { CompiledActions, CompiledCondition, CompiledPolicy, CompiledResourceItem, CompiledResources, CompiledStatement } from './compiledPolicy';
import { compileWildcard } from '../wildcard';
import { evaluateCondition } from './conditionEval';
import { matchPrincipals, type GrantStrength } from './principalMatch';
import type { RequestContext } from './requestContext';
import type { RequestPrincipal } from './requestPrincipal';
import type { ConditionTrace, ElementMatch, StatementTrace } from './types';
import { displayResolved, protectLiteralWildcards, resolveTemplate } from './variables';

/** What statement matching needs to know about the request, computed once per evaluation. */
export interface RequestFacts {
  readonly action: string;
  /** `action.toLowerCase()`, computed once. */
  readonly actionLower: string;
  /** `actionId(actionLower)` (actionIds.ts), for the per-statement memos. */
  readonly actionId: number;
  readonly resource: string;
  /** `arnComponents(resource)`. */
  readonly resourceParts: readonly string[];
  /** The catalog says the action has no resource types: it matches only `Resource: "*"` (rule 42). */
  readonly wildcardOnly: boolean;
  readonly context: RequestContext;
  readonly principal: RequestPrincipal;
  /** The principal has a permissions boundary (NotPrincipal, rule 29). */
  readonly hasBoundary: boolean;
  /**
   * False when only the decision will be read (decideRequest): policies are compiled without positions where that is
   * quicker (compileToDecide), and the traces built are never shown.
   */
  readonly positions: boolean;
}

export interface StatementOutcome {
  readonly trace: StatementTrace;
  /** The action matched (a near miss if the statement still does not apply). */
  readonly actionMatched: boolean;
  /** For applicable statements of principal-bearing policies: how the Principal reached the request principal. */
  readonly strength?: GrantStrength;
  /** The same for every request this statement does not apply to by action (or skips): the trace is shared. */
  readonly static?: boolean;
}

const NO_CONDITIONS: readonly ConditionTrace[] = [];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds a trace without spreading optional fields into temporary objects (this runs for every statement). */
function makeTrace(
  policy: CompiledPolicy,
  statement: CompiledStatement,
  applies: boolean,
  elements: readonly ElementMatch[],
  conditions: readonly ConditionTrace[],
): StatementTrace {
  const trace: Mutable<StatementTrace> = {
    source: policy.ref.source,
    statementIndex: statement.index,
    effect: statement.effect,
    span: statement.span,
    applies,
    elements,
    conditions,
  };
  if (statement.sid !== undefined) trace.sid = statement.sid;
  return trace;
}

/**
 * Outcomes that do not depend on the request beyond the action — a skipped statement, an action not listed, an action
 * excluded by a given NotAction entry — are built once per statement and shared between results (traces are
 * read-only data). Most statements of a policy stop at the action, so this keeps evaluation cheap.
 */
function storeFixed(policy: CompiledPolicy, statement: CompiledStatement, slot: number, elements: ElementMatch[]): StatementOutcome {
  const outcome: StatementOutcome = { trace: makeTrace(policy, statement, false, elements, NO_CONDITIONS), actionMatched: false, static: slot < 0 };
  (statement.fixedOutcomes ??= new Map()).set(slot, outcome);
  return outcome;
}

/**
 * Checks one statement against the request (rule 37): Action/NotAction, Resource/NotResource, Principal/NotPrincipal
 * (only in policy types that have principals), then every condition. Element checks stop at the first mismatch; once
 * the conditions are reached all of them are evaluated, so a trace shows every failing one.
 */
export function matchStatement(policy: CompiledPolicy, statement: CompiledStatement, facts: RequestFacts, usesPrincipals: boolean): StatementOutcome {
  let actionIndex: number;
  if (statement.memoActionId === facts.actionId) {
    // The same action as last time: its entry is known, and so is the outcome if it depended on nothing else.
    const known = statement.memoOutcome as StatementOutcome | undefined;
    const resource = statement.memoResource;
    if (known && (resource === undefined || (resource === facts.resource && statement.memoWildcardOnly === facts.wildcardOnly))) return known;
    actionIndex = statement.memoActionIndex;
  } else {
    actionIndex = statement.action ? firstMatchingAction(statement.action, facts.actionLower) : -1;
    statement.memoActionId = facts.actionId;
    statement.memoActionIndex = actionIndex;
    statement.memoOutcome = undefined;
  }
  const action = statement.action;
  if (statement.errors.length > 0 || !action) {
    return remember(statement, (statement.fixedOutcomes?.get(-2) as StatementOutcome | undefined) ?? storeFixed(policy, statement, -2, []));
  }
  const actionItem = actionIndex >= 0 ? action.items[actionIndex] : undefined;
  const actionElement = action.negated ? 'NotAction' : 'Action';
  if (action.negated === (actionItem !== undefined)) {
    const cached = statement.fixedOutcomes?.get(actionIndex) as StatementOutcome | undefined;
    if (cached) return remember(statement, cached);
    return remember(
      statement,
      storeFixed(policy, statement, actionIndex, [
        {
          element: actionElement,
          matched: false,
          reason: action.negated ? 'actionExcluded' : 'actionNotListed',
          span: action.span,
          ...(actionItem ? { value: actionItem.value, valueSpan: actionItem.span } : {}),
        },
      ]),
    );
  }
  if (!statement.simple) {
    if (!statement.memoByConditions) return matchRest(policy, statement, facts, usesPrincipals, actionElement, actionItem);
    const remembered = statement.conditionMemo;
    if (remembered && remembered.actionId === facts.actionId && remembered.resource === facts.resource && remembered.wildcardOnly === facts.wildcardOnly) {
      let same = true;
      for (let i = 0; same && i < statement.conditions.length; i++)
        same = evaluateCondition(statement.conditions[i] as CompiledCondition, facts.context) === remembered.traces[i];
      if (same) return remembered.outcome as StatementOutcome;
    }
    const outcome = matchRest(policy, statement, facts, usesPrincipals, actionElement, actionItem);
    // Only an outcome that evaluated every condition is keyed by their traces (one stopped at its Resource has none).
    if (outcome.trace.conditions.length === statement.conditions.length) {
      statement.conditionMemo = {
        actionId: facts.actionId,
        resource: facts.resource,
        wildcardOnly: facts.wildcardOnly,
        traces: outcome.trace.conditions,
        outcome,
      };
    }
    return outcome;
  }
  // A statement without principals, conditions or variables depends only on which action and resource entries
  // matched (and rule 42's flag): its outcome is built once per combination and shared.
  const resourceIndex = statement.resource ? findResource(statement.resource, facts) : -1;
  const slot = SIMPLE_SLOTS + actionIndex * 8192 + (resourceIndex + 1) * 2 + (facts.wildcardOnly ? 1 : 0);
  let outcome = statement.fixedOutcomes?.get(slot) as StatementOutcome | undefined;
  if (!outcome) {
    outcome = matchRest(policy, statement, facts, usesPrincipals, actionElement, actionItem);
    (statement.fixedOutcomes ??= new Map()).set(slot, outcome);
  }
  statement.memoOutcome = outcome;
  statement.memoResource = facts.resource;
  statement.memoWildcardOnly = facts.wildcardOnly;
  return outcome;
}

/** Memoizes an outcome that depends on the action alone (see CompiledStatement.memoOutcome). */
function remember(statement: CompiledStatement, outcome: StatementOutcome): StatementOutcome {
  statement.memoOutcome = outcome;
  statement.memoResource = undefined;
  return outcome;
}

/** The index of the first Action/NotAction entry matching the (lower-cased) action: by lookup, then wildcards before it. */
function firstMatchingAction(action: CompiledActions, actionLower: string): number {
  const actionIndex = action.exact.get(actionLower) ?? -1;
  const items = action.items;
  for (const i of action.wildcardIndexes) {
    if (actionIndex >= 0 && i > actionIndex) break;
    if (items[i]?.matches?.(actionLower)) return i;
  }
  return actionIndex;
}

const SIMPLE_SLOTS = 1 << 20;

/** The index of the Resource/NotResource entry that matches (as matchResources picks it), or -1; no variables. */
function findResource(resources: CompiledResources, facts: RequestFacts): number {
  const items = resources.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item && (facts.wildcardOnly ? item.all : matchResourceItem(item, facts) === true)) return i;
  }
  return -1;
}

/** Everything after a matching action: resource, principal, conditions. */
function matchRest(
  policy: CompiledPolicy,
  statement: CompiledStatement,
  facts: RequestFacts,
  usesPrincipals: boolean,
  actionElement: 'Action' | 'NotAction',
  actionItem: CompiledActions['items'][number] | undefined,
): StatementOutcome {
  const action = statement.action;
  if (!action) return { trace: makeTrace(policy, statement, false, [], NO_CONDITIONS), actionMatched: false };
  // Element lists are built once, at their final length: this runs for every statement whose action matches, and a
  // list grown by push would reserve room for sixteen more entries each time.
  const actionMatch: Mutable<ElementMatch> = { element: actionElement, matched: true, reason: 'matched', span: action.span };
  if (actionItem) {
    actionMatch.value = actionItem.value;
    actionMatch.valueSpan = actionItem.span;
  }

  let resourceMatch: ElementMatch | undefined;
  if (statement.resource) {
    resourceMatch = matchResources(statement.resource, facts);
    if (!resourceMatch.matched) return notApplied(policy, statement, elementList(actionMatch, resourceMatch));
  }

  let strength: GrantStrength | undefined;
  let principalMatch: Mutable<ElementMatch> | undefined;
  if (usesPrincipals) {
    const element = statement.principal;
    if (!element) {
      const missing: ElementMatch = { element: 'Principal', matched: false, reason: 'noPrincipalElement', span: statement.span };
      return notApplied(policy, statement, elementList(actionMatch, resourceMatch, missing));
    }
    const match = matchPrincipals(element, facts.principal, facts.hasBoundary);
    principalMatch = {
      element: element.negated ? 'NotPrincipal' : 'Principal',
      matched: match.matched,
      reason: match.matched ? 'matched' : element.negated ? 'principalExcluded' : 'principalNotListed',
      span: element.span,
    };
    if (match.item) {
      principalMatch.value = match.item.value;
      principalMatch.valueSpan = match.item.span;
    }
    if (!match.matched) return notApplied(policy, statement, elementList(actionMatch, resourceMatch, principalMatch));
    strength = match.strength;
  }

  if (statement.conditions.length === 0)
    return applied(makeTrace(policy, statement, true, elementList(actionMatch, resourceMatch, principalMatch), NO_CONDITIONS), strength);
  const conditions = statement.conditions.map((condition) => evaluateCondition(condition, facts.context));
  const failed = conditions.find((result) => !result.matched);
  const conditionMatch: Mutable<ElementMatch> = { element: 'Condition', matched: !failed, reason: failed ? failed.reason : 'matched' };
  const span = failed?.span ?? statement.conditionSpan;
  if (span) conditionMatch.span = span;
  const elements = elementList(actionMatch, resourceMatch, principalMatch, conditionMatch);
  return failed
    ? { trace: makeTrace(policy, statement, false, elements, conditions), actionMatched: true }
    : applied(makeTrace(policy, statement, true, elements, conditions), strength);
}

/** The element matches in order, without the ones the statement does not have (one allocation, at its final size). */
function elementList(action: ElementMatch, resource?: ElementMatch, principal?: ElementMatch, condition?: ElementMatch): ElementMatch[] {
  if (resource) {
    if (principal) return condition ? [action, resource, principal, condition] : [action, resource, principal];
    return condition ? [action, resource, condition] : [action, resource];
  }
  if (principal) return condition ? [action, principal, condition] : [action, principal];
  return condition ? [action, condition] : [action];
}

function notApplied(policy: CompiledPolicy, statement: CompiledStatement, elements: readonly ElementMatch[]): StatementOutcome {
  return { trace: makeTrace(policy, statement, false, elements, NO_CONDITIONS), actionMatched: true };
}

function applied(trace: StatementTrace, strength: GrantStrength | undefined): StatementOutcome {
  const outcome: Mutable<StatementOutcome> = { trace, actionMatched: true };
  if (strength) outcome.strength = strength;
  return outcome;
}

function matchResources(resources: CompiledResources, facts: RequestFacts): ElementMatch {
  const name = resources.negated ? 'NotResource' : 'Resource';
  if (facts.wildcardOnly) {
    // Rule 42: an action without resource-level permissions is authorised against "*" only.
    const star = resources.items.find((i) => i.all);
    const matched = resources.negated ? !star : star !== undefined;
    return {
      element: name,
      matched,
      reason: matched ? 'matched' : resources.negated ? 'resourceExcluded' : 'wildcardOnlyAction',
      span: resources.span,
      ...(star ? { value: star.value, valueSpan: star.span } : {}),
    };
  }
  let missing: string | undefined;
  for (const item of resources.items) {
    lastResolved = undefined;
    const outcome = matchResourceItem(item, facts);
    if (outcome === 'missing') {
      missing ??= lastMissing;
      continue;
    }
    if (outcome) {
      const match: Mutable<ElementMatch> = resources.negated
        ? { element: name, matched: false, reason: 'resourceExcluded', span: resources.span, value: item.value, valueSpan: item.span }
        : { element: name, matched: true, reason: 'matched', span: resources.span, value: item.value, valueSpan: item.span };
      if (lastResolved !== undefined) match.resolvedValue = lastResolved;
      return match;
    }
  }
  if (resources.negated) return { element: name, matched: true, reason: 'matched', span: resources.span };
  if (missing !== undefined) {
    return { element: name, matched: false, reason: 'resourceVariableMissing', span: resources.span, detail: `the request has no value for \${${missing}}` };
  }
  return { element: name, matched: false, reason: 'resourceNotListed', span: resources.span };
}

/**
 * Side results of the last matchResourceItem call on an entry with policy variables (module scratch: evaluation is
 * synchronous, and allocating a result object per entry would cost more than the match itself).
 */
let lastResolved: string | undefined;
let lastMissing: string | undefined;

/** True/false, or `missing` when a policy variable of the entry has no value (the entry then matches nothing, rule 58). */
function matchResourceItem(item: CompiledResourceItem, facts: RequestFacts): boolean | 'missing' {
  if (item.all) return true;
  const parts = facts.resourceParts;
  const components = item.components;
  const count = item.template ? components.length + 1 : components.length;
  if (parts.length < count) return false;
  for (let i = 0; i < count - 1; i++) {
    const matcher = components[i];
    if (!matcher || !matcher(parts[i] ?? '')) return false;
  }
  const rest = count === parts.length ? (parts[count - 1] ?? '') : parts.slice(count - 1).join(':');
  if (!item.template) {
    const last = components[count - 1];
    return last !== undefined && last(rest);
  }
  const resolution = resolveTemplate(item.template, facts.context.lookup, true);
  if (!resolution.ok) {
    lastMissing = resolution.missing;
    return 'missing';
  }
  // Entries with variables always have six components; show the first five as written and the sixth resolved.
  lastResolved = `${arnComponents(item.value).slice(0, 5).join(':')}:${displayResolved(resolution.value)}`;
  const matcher = compileWildcard(resolution.value, { caseInsensitive: false });
  return matcher(item.template.literalWildcards ? protectLiteralWildcards(rest) : rest);
}
