import type { StatementNode, StringListElement } from '../parser/policyTree';
import { compileWildcard, hasWildcard } from '../wildcard';
import { splitArn } from './arn';
import type { CompiledActions, CompiledPolicy, CompiledResourceItem, CompiledResources, CompiledStatement } from './compiledPolicy';
import { compileConditions } from './compileCondition';
import { compilePrincipals } from './compilePrincipal';
import type { PolicyRef } from './model';
import { CompilablePolicyRef } from './policyRef';
import type { EvaluationError } from './types';
import { parseTemplate } from './variables';

const cache = new WeakMap<PolicyRef, CompiledPolicy>();
/** One shared empty list: evaluation reads `errors.length` of every policy and statement, and a shared object stays in cache. */
const NO_ERRORS: readonly EvaluationError[] = [];
const CASE_SENSITIVE = { caseInsensitive: false } as const;

/** Policy types whose statements name principals; elsewhere Principal is not part of matching. */
const PRINCIPAL_TYPES = new Set(['resource', 'trust', 'rcp', 'endpoint']);

/**
 * Compiles a parsed policy into matchers once and caches the result on the `PolicyRef` object, so evaluating a
 * request never parses or compiles. Never throws: whatever cannot be compiled becomes an `EvaluationError` attached
 * to its statement, and that statement is skipped during evaluation (and reported), as cedar skips a policy that
 * fails to evaluate.
 */
export function compilePolicy(ref: PolicyRef): CompiledPolicy {
  if (ref instanceof CompilablePolicyRef) return (ref.compiled ??= compileUncached(ref));
  const cached = cache.get(ref);
  if (cached) return cached;
  const compiled = compileUncached(ref);
  cache.set(ref, compiled);
  return compiled;
}

function compileUncached(ref: PolicyRef): CompiledPolicy {
  const errors: EvaluationError[] = [];
  const source = ref.source;
  for (const problem of ref.parsed.problems) {
    if (problem.kind === 'syntax' || problem.kind === 'notAnObject' || problem.kind === 'empty' || problem.kind === 'tooDeep') {
      errors.push({ message: `Policy ${source.name} is not valid JSON: ${problem.message}`, source, span: problem.span });
    }
  }
  const document = ref.parsed.document;
  const usesPrincipals = PRINCIPAL_TYPES.has(source.type);
  if (!document) return { ref, variables: false, statements: [], errors, staticTrace: {}, usesPrincipals };
  const variables = document.version?.value === '2012-10-17';
  const statements: CompiledStatement[] = [];
  for (const node of document.statements) {
    const statement = compileStatement(ref, node, variables, usesPrincipals);
    statements.push(statement);
    errors.push(...statement.errors);
  }
  for (const invalid of document.invalidStatements) {
    errors.push({ message: `A Statement entry of ${source.name} is not an object; it is ignored.`, source, span: { offset: invalid.offset, length: invalid.length } });
  }
  return { ref, variables, statements, errors: errors.length > 0 ? errors : NO_ERRORS, staticTrace: {}, usesPrincipals };
}

function compileStatement(ref: PolicyRef, node: StatementNode, variables: boolean, usesPrincipals: boolean): CompiledStatement {
  const source = ref.source;
  const errors: EvaluationError[] = [];
  const fail = (message: string, span = node.span): void => {
    errors.push({ message: `Statement ${label(node)} of ${source.name}: ${message}; the statement is skipped.`, source, span });
  };

  const effectValue = node.effect?.value;
  let effect: 'Allow' | 'Deny' = 'Deny';
  if (effectValue === 'Allow' || effectValue === 'Deny') effect = effectValue;
  else fail(node.effect ? `Effect must be "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(effectValue)}` : 'it has no Effect', node.effect?.span);

  const actionElement = pickPair(node.action, node.notAction, 'Action', fail);
  const resourceElement = pickPair(node.resource, node.notResource, 'Resource', fail);
  if (!actionElement) fail('it has neither Action nor NotAction');
  if (!resourceElement && source.type !== 'trust') fail('it has neither Resource nor NotResource');
  for (const element of [actionElement, resourceElement]) {
    for (const bad of element?.list.invalidItems ?? []) fail('a value is not a string', { offset: bad.offset, length: bad.length });
  }

  const action = actionElement && compileActions(actionElement.list, actionElement.negated);
  const resource = resourceElement && compileResources(resourceElement.list, resourceElement.negated, variables);

  let principal;
  if (usesPrincipals) {
    if (node.principal && node.notPrincipal) fail('it has both Principal and NotPrincipal', node.notPrincipal.property.span);
    const element = node.principal ?? node.notPrincipal;
    if (element) principal = compilePrincipals(element, element === node.notPrincipal, fail);
  }

  const conditions = node.condition ? compileConditions(node.condition, variables, fail) : [];
  const sid = typeof node.sid?.value === 'string' ? node.sid.value : undefined;
  return {
    index: node.index,
    sid,
    effect,
    span: node.span,
    action: action || undefined,
    resource: resource || undefined,
    principal,
    conditions,
    conditionSpan: node.condition?.property.span,
    errors: errors.length > 0 ? errors : NO_ERRORS,
    fixedOutcomes: undefined,
    simple: !usesPrincipals && conditions.length === 0 && (resource?.items.every((item) => !item.template) ?? true),
    memoActionId: -1,
    memoActionIndex: -1,
    memoOutcome: undefined,
    memoResource: undefined,
    memoWildcardOnly: false,
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
  return { negated, span: list.property.span, items: list.items.map((item) => compileResourceItem(item.value, item.span, variables)) };
}

/**
 * Resource patterns match component by component (rule 40): `*`/`?` within each of the first five components, and in
 * the sixth, where `*` also crosses `/` and `:`. Variables are honoured only in the sixth component (rule 55).
 */
export function compileResourceItem(value: string, span: { offset: number; length: number }, variables: boolean): CompiledResourceItem {
  if (/^\*+$/.test(value)) return { value, span, all: true, components: [] };
  const parts = splitArn(value);
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
