import type { BaseOperator } from '../../conditionOperators';

/**
 * What one condition operator (family) provides to the condition evaluator: it compiles one policy value into a test
 * of one request value. The evaluator does the rest the same way for every operator (values OR, negation as NOR,
 * `IfExists`, set qualifiers, missing keys), so each operator file holds only what is specific to its type.
 */

/** `typeError`: the request value is not of the operator's type (a number operator given `abc`). */
export type TestOutcome = 'match' | 'noMatch' | 'typeError';

/** The positive test (`StringEquals` even for `StringNotEquals`): negation is applied by the evaluator. */
export type ValueTest = (requestValue: string) => TestOutcome;

export interface ValueError {
  readonly error: string;
}

export type CompiledValue = ValueTest | ValueError;

export interface OperatorFamily {
  /** Compiles a policy value (variables already substituted) for `base`; an unusable value becomes an error. */
  compile(base: BaseOperator, policyValue: string): CompiledValue;
  /** Words between request value and policy value in a detail note: `10.1.2.3 is in 10.0.0.0/8`. */
  relation(base: BaseOperator): string;
}

export function isValueError(value: CompiledValue): value is ValueError {
  return typeof value !== 'function';
}

/** Relation words for the four orderings, shared by the numeric and date families. */
export function orderingWords(base: BaseOperator, less: string, more: string): string {
  switch (base.comparison) {
    case 'lessThan':
      return less;
    case 'lessThanEquals':
      return `${less} or equal to`;
    case 'greaterThan':
      return more;
    case 'greaterThanEquals':
      return `${more} or equal to`;
    default:
      return 'equal to';
  }
}

/** Applies an ordering comparison to two numbers. */
export function compareOrdered(base: BaseOperator, request: number, policy: number): boolean {
  switch (base.comparison) {
    case 'lessThan':
      return request < policy;
    case 'lessThanEquals':
      return request <= policy;
    case 'greaterThan':
      return request > policy;
    case 'greaterThanEquals':
      return request >= policy;
    default:
      return request === policy;
  }
}
