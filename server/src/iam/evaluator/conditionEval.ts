import type { CompiledCondition, CompiledConditionValue } from './compiledPolicy';
import type { TestOutcome, ValueTest } from './operators/types';
import { isValueError } from './operators/types';
import type { ContextEntry, RequestContext } from './requestContext';
import type { ConditionTrace, MatchReason } from './types';
import { displayResolved, protectLiteralWildcards, resolveTemplate } from './variables';

/**
 * Evaluates one operator/key pair of a Condition (rules 43–47, 58):
 * - several policy values are ORed; for a negated operator the positive test is ORed and then negated (NOR);
 * - a missing key makes a positive operator false and a negated one true, `…IfExists` true, `ForAllValues` true and
 *   `ForAnyValue` false;
 * - `ForAnyValue`: some request value passes the per-value test; `ForAllValues`: every request value does (an empty
 *   list passes);
 * - under a set qualifier a negated operator applies its negated per-value test and then the quantifier (rule 47's
 *   guess: `ForAllValues:StringNotLike` ⇒ no request value is like any policy value);
 * - without a qualifier, a multi-valued request holds for a positive operator if any request value matches, and for a
 *   negated one if none does (our choice; AWS asks for a qualifier on multi-valued keys, the validator warns).
 */
export function evaluateCondition(condition: CompiledCondition, context: RequestContext): ConditionTrace {
  const entry = context.get(condition.keyLower);
  // Without policy variables a condition's trace depends only on the request's value(s) for its key, so the traces
  // of an absent key and of single values are built once and shared (traces are read-only data).
  if (!condition.family || condition.staticTests) {
    if (entry === undefined) {
      let cache = traceCache.get(condition);
      if (!cache) traceCache.set(condition, (cache = { byValue: new Map() }));
      return (cache.absent ??= evaluateUncached(condition, context, entry));
    }
    if (entry.values.length === 1) {
      const value = entry.values[0] as string;
      let cache = traceCache.get(condition);
      if (!cache) traceCache.set(condition, (cache = { byValue: new Map() }));
      let trace = cache.byValue.get(value);
      if (!trace) {
        trace = evaluateUncached(condition, context, entry);
        // Values that change with every request (aws:CurrentTime, aws:userid) must not grow the cache without end.
        if (cache.byValue.size >= MAX_CACHED_VALUES) cache.byValue.clear();
        cache.byValue.set(value, trace);
      }
      return trace;
    }
  }
  return evaluateUncached(condition, context, entry);
}

interface TraceCache {
  absent?: ConditionTrace;
  readonly byValue: Map<string, ConditionTrace>;
}

const traceCache = new WeakMap<CompiledCondition, TraceCache>();
const MAX_CACHED_VALUES = 64;

function evaluateUncached(condition: CompiledCondition, context: RequestContext, entry: ContextEntry | undefined): ConditionTrace {
  const { operator } = condition;

  if (!condition.family) {
    const present = entry !== undefined && entry.values.length > 0;
    let matched = false;
    for (const v of condition.values) if (v.nullTest?.(present)) matched = true;
    return conditionTrace(
      condition,
      matched,
      matched ? 'matched' : 'conditionValueMismatch',
      entry?.values,
      undefined,
      present ? `${condition.key} is present` : `${condition.key} is absent`,
    );
  }

  const resolved = condition.staticTests ? undefined : resolveValues(condition, context);
  const tests = condition.staticTests ?? resolved?.tests ?? [];
  const negated = operator.base.negated;
  if (!entry) {
    let matched: boolean;
    let why: string;
    if (operator.ifExists) {
      matched = true;
      why = `${condition.key} is absent, so ${operator.text} holds`;
    } else if (operator.qualifier === 'ForAllValues') {
      matched = true;
      why = `${condition.key} is absent, and ForAllValues holds for no values`;
    } else if (operator.qualifier === 'ForAnyValue') {
      matched = false;
      why = `${condition.key} is absent, and ForAnyValue needs a value`;
    } else {
      matched = negated;
      why = negated ? `${condition.key} is absent, so the negated ${operator.base.name} holds` : `${condition.key} is absent from the request`;
    }
    return conditionTrace(condition, matched, matched ? 'matched' : 'conditionKeyMissing', undefined, resolved?.display, why);
  }

  const requestValues = entry.values;
  let typeError = false;
  const hits: boolean[] = [];
  for (const rv of requestValues) {
    let hit = false;
    let allTypeErrors = tests.length > 0;
    for (const test of tests) {
      const outcome: TestOutcome = test(rv);
      if (outcome === 'match') {
        hit = true;
        allTypeErrors = false;
        break;
      }
      if (outcome !== 'typeError') allTypeErrors = false;
    }
    if (allTypeErrors) typeError = true;
    hits.push(hit);
  }

  let matched: boolean;
  if (operator.qualifier === 'ForAllValues') matched = hits.every((h) => (negated ? !h : h));
  else if (operator.qualifier === 'ForAnyValue') matched = hits.some((h) => (negated ? !h : h));
  else {
    const any = hits.includes(true);
    matched = negated ? !any : any;
  }
  const reason: MatchReason = matched ? 'matched' : typeError ? 'conditionTypeError' : 'conditionValueMismatch';
  const detail = describe(condition, requestValues, hits, resolved?.display ?? condition.policyValues, resolved?.missing ?? NONE, typeError);
  return conditionTrace(condition, matched, reason, requestValues, resolved?.display, detail);
}

const NONE: readonly string[] = [];

function conditionTrace(
  condition: CompiledCondition,
  matched: boolean,
  reason: MatchReason,
  requestValues: readonly string[] | undefined,
  resolvedPolicyValues: readonly string[] | undefined,
  detail: string,
): ConditionTrace {
  const trace: { -readonly [K in keyof ConditionTrace]: ConditionTrace[K] } = {
    operator: condition.operator.text,
    key: condition.key,
    matched,
    reason,
    span: condition.span,
    policyValues: condition.policyValues,
    detail,
  };
  if (requestValues) trace.requestValues = requestValues;
  if (resolvedPolicyValues) trace.resolvedPolicyValues = resolvedPolicyValues;
  return trace;
}

interface ResolvedValues {
  readonly tests: readonly ValueTest[];
  /** Set only when some value used policy variables. */
  readonly display?: readonly string[];
  readonly missing: readonly string[];
}

function resolveValues(condition: CompiledCondition, context: RequestContext): ResolvedValues {
  const tests: ValueTest[] = [];
  const display: string[] = [];
  const missing: string[] = [];
  for (const value of condition.values) {
    const test = value.test ?? resolveOne(condition, value, context, display, missing);
    if (value.test) display.push(value.value);
    if (test) tests.push(test);
  }
  return { tests, display, missing };
}

/** Substitutes a value's variables and compiles it; a variable with no value leaves a test that never matches. */
function resolveOne(
  condition: CompiledCondition,
  value: CompiledConditionValue,
  context: RequestContext,
  display: string[],
  missing: string[],
): ValueTest | undefined {
  const family = condition.family;
  if (!value.template || !family) return undefined;
  const pattern = condition.operator.base.wildcards;
  const resolution = resolveTemplate(value.template, context.lookup, pattern);
  if (!resolution.ok) {
    display.push(`${value.value} (no value for ${resolution.missing})`);
    missing.push(resolution.missing);
    return undefined;
  }
  display.push(displayResolved(resolution.value));
  const compiled = family.compile(condition.operator.base, resolution.value);
  if (isValueError(compiled)) return undefined;
  if (pattern && value.template.literalWildcards) return (rv) => compiled(protectLiteralWildcards(rv));
  return compiled;
}

function describe(
  condition: CompiledCondition,
  requestValues: readonly string[],
  hits: readonly boolean[],
  policyValues: readonly string[],
  missing: readonly string[],
  typeError: boolean,
): string {
  const relation = condition.family?.relation(condition.operator.base) ?? 'equal to';
  const policy = policyValues.length === 1 ? (policyValues[0] ?? '') : `any of ${policyValues.join(', ')}`;
  if (requestValues.length === 0) return `${condition.key} has no values`;
  const parts = requestValues.map((rv, i) => `${rv} is ${hits[i] ? '' : 'not '}${relation} ${policy}`);
  let text = parts.join('; ');
  if (typeError) text += ` (${condition.key} is not of the type ${condition.operator.base.name} compares)`;
  if (missing.length > 0) text += ` (no value for ${missing.join(', ')})`;
  return text;
}
