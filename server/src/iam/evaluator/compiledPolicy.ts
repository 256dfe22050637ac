import type { ParsedOperator } from '../conditionOperators';
import type { Span } from '../span';
import type { WildcardMatcher } from '../wildcard';
import type { PolicyRef } from './model';
import type { NullTest } from './operators/Null';
import type { OperatorFamily, ValueTest } from './operators/types';
import type { EvaluationError } from './types';
import type { Template } from './variables';

/**
 * A policy compiled for evaluation: every pattern turned into a matcher and every condition value pre-parsed, once
 * per `PolicyRef` (see compilePolicy.ts). Spans are kept beside each part so traces can point at the text.
 */
export interface CompiledPolicy {
  readonly ref: PolicyRef;
  /** `Version: "2012-10-17"`: policy variables are live (rule 56). */
  readonly variables: boolean;
  readonly statements: readonly CompiledStatement[];
  /** Problems of the document as a whole (syntax errors, no statements), plus every statement's errors. */
  readonly errors: readonly EvaluationError[];
  /**
   * Scratch space of runLayer: the policy trace shared by every request none of whose statements matches the action,
   * and the last action known to be one (its id, see actionIds.ts), for which the statements are not looked at again.
   * In who-can most of a principal's policies concern other services.
   */
  staticTrace: unknown;
  staticActionId: number;
  /** The policy's type names principals (resource, trust, RCP, endpoint policies): statements match Principal. */
  readonly usesPrincipals: boolean;
}

/**
 * Every field is present on every statement (absent ones hold `undefined`): one object shape for all statements keeps
 * the evaluator's property reads monomorphic.
 */
export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly span: Span;
  readonly action: CompiledActions | undefined;
  /** Absent in trust policies, where the resource is implicitly the role. */
  readonly resource: CompiledResources | undefined;
  /** Absent when the statement has neither Principal nor NotPrincipal. */
  readonly principal: CompiledPrincipals | undefined;
  readonly conditions: readonly CompiledCondition[];
  /** The `"Condition": {…}` property, when present. */
  readonly conditionSpan: Span | undefined;
  /** A statement with errors is skipped (reported, never applied), as cedar skips a policy that fails. */
  readonly errors: readonly EvaluationError[];
  /**
   * Scratch space of matchStatement: outcomes that depend only on which action entry matched, built on first use and
   * shared between evaluations (slot -2: skipped, -1: action not listed, i ≥ 0: excluded by NotAction entry i). Made on
   * first use: many statements of large policies are never reached.
   */
  fixedOutcomes: Map<number, unknown> | undefined;
  /** No principals to match, no conditions, no policy variables: the outcome depends on the matching entries only. */
  readonly simple: boolean;
  /** Conditions but no principals and no resource variables: the outcome turns on the condition traces (conditionMemo). */
  readonly memoByConditions: boolean;
  /**
   * Scratch space of matchStatement, kept on the statement itself so the common case reads no other object: the
   * last request action seen (its id, see actionIds.ts), which Action/NotAction entry matched it, and the outcome
   * when it depended on the action alone (`memoResource` undefined) or, for a simple statement, on the action, the
   * resource and rule 42's flag. Bulk runs (who-can, test files, re-evaluation while editing) ask the same action
   * of a statement again and again.
   */
  memoActionId: number;
  memoActionIndex: number;
  memoOutcome: unknown;
  memoResource: string | undefined;
  memoWildcardOnly: boolean;
  /**
   * Scratch space of matchStatement for a statement whose outcome turns on its conditions (no principals, no resource
   * variables): the outcome of the last request with its action, resource and condition traces. Condition traces are
   * shared per request value (conditionEval.ts), so the same traces mean the same outcome.
   */
  conditionMemo: ConditionMemo | undefined;
}

export interface ConditionMemo {
  readonly actionId: number;
  readonly resource: string;
  readonly wildcardOnly: boolean;
  readonly traces: readonly unknown[];
  readonly outcome: unknown;
}

export interface CompiledItem {
  readonly value: string;
  readonly span: Span;
}

export interface CompiledActions {
  readonly negated: boolean;
  readonly span: Span;
  /**
   * `matches` takes the lower-cased action: action names are case-insensitive (rule 38). Only entries with wildcards
   * have one; the others are found through `exact`.
   */
  readonly items: readonly (CompiledItem & { readonly matches: WildcardMatcher | undefined })[];
  /** Lower-cased entries without wildcards → index of their first occurrence: one lookup instead of a scan. */
  readonly exact: ReadonlyMap<string, number>;
  /** Indexes of the entries with wildcards, ascending. */
  readonly wildcardIndexes: readonly number[];
}

/** A Resource/NotResource entry: `*`, a fixed ARN pattern (per-component matchers) or one with policy variables. */
export interface CompiledResourceItem extends CompiledItem {
  readonly all: boolean;
  /** One matcher per ARN component; the last covers the rest of the ARN. */
  readonly components: readonly WildcardMatcher[];
  /** Set when the resource component uses policy variables: resolved and matched per request. */
  readonly template?: Template;
}

export interface CompiledResources {
  readonly negated: boolean;
  readonly span: Span;
  readonly items: readonly CompiledResourceItem[];
}

/**
 * The forms a principal entry can take. `account` covers the 12-digit id and `arn:…:iam::ACCOUNT:root`; `any` is
 * `"*"` / `{"AWS": "*"}`; `other` is anything we cannot recognise (never matches).
 */
export type PrincipalForm = 'any' | 'account' | 'user' | 'role' | 'session' | 'federatedUser' | 'service' | 'federated' | 'canonicalUser' | 'other';

export interface CompiledPrincipalItem extends CompiledItem {
  readonly form: PrincipalForm;
  /** The account the entry names, for `account` (and for ARN forms). */
  readonly accountId?: string;
}

export interface CompiledPrincipals {
  readonly negated: boolean;
  readonly span: Span;
  readonly items: readonly CompiledPrincipalItem[];
}

export interface CompiledConditionValue extends CompiledItem {
  /** Pre-compiled test when the value has no policy variables. */
  readonly test?: ValueTest;
  /** Resolved per request when set. */
  readonly template?: Template;
  /** For `Null`. */
  readonly nullTest?: NullTest;
}

export interface CompiledCondition {
  readonly operator: ParsedOperator;
  /** Null for `Null`. */
  readonly family: OperatorFamily | null;
  readonly key: string;
  readonly keyLower: string;
  /** The whole `"key": values` property. */
  readonly span: Span;
  readonly values: readonly CompiledConditionValue[];
  /** The values as written, for traces. */
  readonly policyValues: readonly string[];
  /** Every value compiled to a test up front (no variables): the common, fast case. */
  readonly staticTests?: readonly ValueTest[];
}
