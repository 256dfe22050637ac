import type { StatementNode, StringListElement } from '../parser/policyTree';
import { CASE_SENSITIVE, compileWildcard, hasWildcard } from '../wildcard';
import { arnComponents } from '../arn';
import type { ParsedPolicy } from '../parser/policyTree';
import type { Span } from '../span';
import type { CompiledActions, CompiledPolicy, CompiledPrincipals, CompiledResourceItem, CompiledResources, CompiledStatement } from './compiledPolicy';
import { compileConditions } from './compileCondition';
import { compilePrincipals } from './compilePrincipal';
import type { PolicyRef } from './model';
import { CompilablePolicyRef } from './policyRef';
import type { EvaluationError, PolicySource } from './types';
import { parseTemplate } from './variables';
import { decidingForms } from './decidingForms';

const cache = new WeakMap<PolicyRef, CompiledPolicy>();
/** One shared empty list: evaluation reads `errors.length` of every policy and statement, and a shared object stays in cache. */
const NO_ERRORS: readonly EvaluationError[] = [];

/** Policy types whose statements name principals; elsewhere Principal is not part of matching. */
const PRINCIPAL_TYPES = new Set(['resource', 'trust', 'rcp', 'endpoint']);

/**
 * Compiles a parsed policy into matchers once and caches the result on the `PolicyRef` object, so evaluating a
 * request never parses or compiles. Never throws: whatever cannot be compiled becomes an `EvaluationError` attached
 * to its statement, and that statement is skipped during evaluation (and reported), as cedar skips a policy that
 * fails to evaluate.
 */
export function compilePolicy(ref: PolicyRef): CompiledPolicy {
  if (ref instanceof CompilablePolicyRef) return (ref.compiled ??= compileUncached(ref, ref.parsed));
  const cached = cache.get(ref);
  if (cached) return cached;
  const compiled = compileUncached(ref, ref.parsed);
  cache.set(ref, compiled);
  return compiled;
}

/**
 * The compiled form for deciding a request, not explaining it: its spans may all be empty. A document the model
 * loader keeps as text is read with `JSON.parse` where that reads it the same (parser/plainPolicy.ts) instead of
 * being parsed with positions, and the result stays resident only a while (`decidingForms`); a document with any
 * problem, or already compiled with positions, gets `compilePolicy`'s form. Only `decideRequest` uses these forms,
 * so no trace built from them reaches an explanation.
 */
export function compileToDecide(ref: PolicyRef): CompiledPolicy {
  if (!(ref instanceof CompilablePolicyRef)) return compilePolicy(ref);
  if (ref.compiled) return ref.compiled;
  const known = ref.deciding;
  if (known) {
    ref.decidedRecently = true;
    return known;
  }
  const plain = ref.plainReading();
  if (plain) {
    const compiled = compileUncached(ref, plain);
    // A document with errors is skipped in part and reported: its explanation needs the positioned form anyway.
    if (compiled.errors.length === 0) {
      decidingForms.admit(ref, compiled);
      return compiled;
    }
  }
  return compilePolicy(ref);
}

function compileUncached(ref: PolicyRef, parsed: ParsedPolicy): CompiledPolicy {
  const errors: EvaluationError[] = [];
  const source = ref.source;
  for (const problem of parsed.problems) {
    if (problem.kind === 'syntax' || problem.kind === 'notAnObject' || problem.kind === 'empty' || problem.kind === 'tooDeep') {
      errors.push({ message: `Policy ${source.name} is not valid JSON: ${problem.message}`, source, span: problem.span });
    }
  }
  const document = parsed.document;
  const usesPrincipals = PRINCIPAL_TYPES.has(source.type);
  if (!document) return { ref, variables: false, statements: [], errors, staticTrace: undefined, staticActionId: -1, usesPrincipals };
  const variables = document.version?.value === '2012-10-17';
  const statements: CompiledStatement[] = [];
  for (const core of statementCores(parsed, source.type, variables, usesPrincipals)) {
    const statement = statementFor(core, source);
    statements.push(statement);
    errors.push(...statement.errors);
  }
  for (const invalid of document.invalidStatements) {
    errors.push({
      message: `A Statement entry of ${source.name} is not an object; it is ignored.`,
      source,
      span: { offset: invalid.offset, length: invalid.length },
    });
  }
  return { ref, variables, statements, errors: errors.length > 0 ? errors : NO_ERRORS, staticTrace: undefined, staticActionId: -1, usesPrincipals };
}

/**
 * What compiling a statement yields that does not depend on the policy ref: the matchers, conditions and problems of
 * the document's statement. A document used in many places (an AWS managed policy attached to a thousand users is a
 * thousand refs, each with its own source for traces) is compiled once per policy type.
 */
type StatementCore = Pick<
  CompiledStatement,
  'index' | 'sid' | 'effect' | 'span' | 'action' | 'resource' | 'principal' | 'conditions' | 'conditionSpan' | 'simple' | 'memoByConditions'
> & {
  readonly label: string;
  /** Why the statement is skipped, if it is, without the policy's name (which is the ref's). */
  readonly problems: readonly { readonly message: string; readonly span: Span }[];
};

const coresByDocument = new WeakMap<ParsedPolicy, Map<string, readonly StatementCore[]>>();

function statementCores(parsed: ParsedPolicy, type: PolicySource['type'], variables: boolean, usesPrincipals: boolean): readonly StatementCore[] {
  // A plain reading (no tree) is made for one compile and never met again: nothing to share.
  if (parsed.tree === undefined)
    return (parsed.document?.statements ?? []).map((node) => compileStatementCore(node, type === 'trust', variables, usesPrincipals));
  let byType = coresByDocument.get(parsed);
  if (!byType) coresByDocument.set(parsed, (byType = new Map()));
  let cores = byType.get(type);
  if (!cores) {
    cores = (parsed.document?.statements ?? []).map((node) => compileStatementCore(node, type === 'trust', variables, usesPrincipals));
    byType.set(type, cores);
  }
  return cores;
}

/** The ref's own statement: the shared core, its problems worded with the policy's name, and fresh memo slots. */
function statementFor(core: StatementCore, source: PolicySource): CompiledStatement {
  return {
    index: core.index,
    sid: core.sid,
    effect: core.effect,
    span: core.span,
    action: core.action,
    resource: core.resource,
    principal: core.principal,
    conditions: core.conditions,
    conditionSpan: core.conditionSpan,
    errors:
      core.problems.length > 0
        ? core.problems.map((p) => ({ message: `Statement ${core.label} of ${source.name}: ${p.message}; the statement is skipped.`, source, span: p.span }))
        : NO_ERRORS,
    fixedOutcomes: undefined,
    simple: core.simple,
    memoByConditions: core.memoByConditions,
    memoActionId: -1,
    memoActionIndex: -1,
    memoOutcome: undefined,
    memoResource: undefined,
    memoWildcardOnly: false,
    conditionMemo: undefined,
  };
}

function compileStatementCore(node: StatementNode, isTrust: boolean, variables: boolean, usesPrincipals: boolean): StatementCore {
  const problems: { message: string; span: Span }[] = [];
  const fail = (message: string, span: Span = node.span): void => {
    problems.push({ message, span });
  };

  const effectValue = node.effect?.value;
  let effect: 'Allow' | 'Deny' = 'Deny';
  if (effectValue === 'Allow' || effectValue === 'Deny') effect = effectValue;
  else fail(node.effect ? `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(effectValue)}` : 'it has no Effect', node.effect?.span);

  const actionElement = pickPair(node.action, node.notAction, 'Action', fail);
  const resourceElement = pickPair(node.resource, node.notResource, 'Resource', fail);
  if (!actionElement) fail('it has neither Action nor NotAction');
  if (!resourceElement && !isTrust) fail('it has neither Resource nor NotResource');
  for (const element of [actionElement, resourceElement]) {
    for (const bad of element?.list.invalidItems ?? []) fail('a value is not a string', { offset: bad.offset, length: bad.length });
  }

  const action = actionElement && compileActions(actionElement.list, actionElement.negated);
  const resource = resourceElement && compileResources(resourceElement.list, resourceElement.negated, variables);

  let principal: CompiledPrincipals | undefined;
  if (usesPrincipals) {
    if (node.principal && node.notPrincipal) fail('it has both Principal and NotPrincipal', node.notPrincipal.property.span);
    const element = node.principal ?? node.notPrincipal;
    if (element) principal = compilePrincipals(element, element === node.notPrincipal, fail);
  }

  const conditions = node.condition ? compileConditions(node.condition, variables, fail) : [];
  const hasResourceVariables = resource ? resource.items.some((item) => item.template !== undefined) : false;
  return {
    index: node.index,
    label: label(node),
    sid: typeof node.sid?.value === 'string' ? node.sid.value : undefined,
    effect,
    span: node.span,
    action: action || undefined,
    resource: resource || undefined,
    principal,
    conditions,
    conditionSpan: node.condition?.property.span,
    problems,
    simple: !usesPrincipals && conditions.length === 0 && !hasResourceVariables,
    memoByConditions: !usesPrincipals && conditions.length > 0 && !hasResourceVariables,
  };
}

function label(node: StatementNode): string {
  return typeof node.sid?.value === 'string' && node.sid.value ? `"${node.sid.value}"` : `#${node.index + 1}`;
}

function pickPair(
  positive: StringListElement | undefined,
  negative: StringListElement | undefined,
  name: string,
  fail: (message: string, span?: { offset: number; length: number }) => void,
): { list: StringListElement; negated: boolean } | undefined {
  if (positive && negative) fail(`it has both ${name} and Not${name}`, negative.property.span);
  if (positive) return { list: positive, negated: false };
  if (negative) return { list: negative, negated: true };
  return undefined;
}

function compileActions(list: StringListElement, negated: boolean): CompiledActions {
  const exact = new Map<string, number>();
  const wildcardIndexes: number[] = [];
  const items = list.items.map((item, index) => {
    const lower = item.value.toLowerCase();
    // Lower-cased once here; the request action is lower-cased once per evaluation (RequestFacts.actionLower). Only
    // wildcard entries get a matcher: exact ones are found through `exact` (AWS managed policies list thousands).
    if (hasWildcard(lower)) {
      wildcardIndexes.push(index);
      return { value: item.value, span: item.span, matches: compileWildcard(lower, CASE_SENSITIVE) };
    }
    if (!exact.has(lower)) exact.set(lower, index);
    return { value: item.value, span: item.span, matches: undefined };
  });
  return { negated, span: list.property.span, items, exact, wildcardIndexes };
}

function compileResources(list: StringListElement, negated: boolean, variables: boolean): CompiledResources {
  return {
    negated,
    span: list.property.span,
    items: list.items.map((item) =>
      item.span.length === 0 ? sharedResourceItem(item.value, variables) : compileResourceItem(item.value, item.span, variables),
    ),
  };
}

/**
 * Resource items of documents read without positions (every span empty), shared by value: an organization's
 * policies name the same few ARNs per account over and over (a user's inline policy and the bucket's own policy),
 * and each compiled anew was six matchers and an ARN split for a document compiled once.
 */
const sharedResourceItems = new Map<string, CompiledResourceItem>();
const MAX_SHARED_ITEMS = 8_192;

function sharedResourceItem(value: string, variables: boolean): CompiledResourceItem {
  const key = variables ? `v${value}` : `n${value}`;
  let item = sharedResourceItems.get(key);
  if (item === undefined) {
    item = compileResourceItem(value, NO_SPAN, variables);
    // A crude bound, as the wildcard cache has: a run over many distinct ARNs must not grow memory without limit.
    if (sharedResourceItems.size >= MAX_SHARED_ITEMS) sharedResourceItems.clear();
    sharedResourceItems.set(key, item);
  }
  return item;
}

const NO_SPAN: Span = Object.freeze({ offset: 0, length: 0 });

/**
 * Resource patterns match component by component (rule 40): `*`/`?` within each of the first five components, and in
 * the sixth, where `*` also crosses `/` and `:`. Variables are honoured only in the sixth component (rule 55).
 */
export function compileResourceItem(value: string, span: { offset: number; length: number }, variables: boolean): CompiledResourceItem {
  if (/^\*+$/.test(value)) return { value, span, all: true, components: [] };
  const parts = arnComponents(value);
  const last = parts.length - 1;
  const lastPart = parts[last] ?? '';
  if (variables && parts.length === 6 && lastPart.includes('${')) {
    const template = parseTemplate(lastPart);
    if (template.hasVariables || template.literalWildcards) {
      const components = parts.slice(0, last).map((p) => compileWildcard(p, CASE_SENSITIVE));
      return { value, span, all: false, components, template };
    }
    // Only `${$}`-style escapes: resolve once.
    parts[last] = lastPart.replace(/\$\{\s*\$\s*\}/g, '$');
  }
  return { value, span, all: false, components: parts.map((p) => compileWildcard(p, CASE_SENSITIVE)) };
}
