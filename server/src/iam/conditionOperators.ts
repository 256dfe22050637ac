/**
 * The IAM condition operators, as the AWS "IAM JSON policy elements: Condition operators" page defines them, and a
 * parser that splits an operator as written (`ForAnyValue:StringNotLikeIfExists`) into its parts.
 *
 * Shared by the validator (is this operator valid, which values does it accept) and the evaluator (how does it
 * compare). Operator names are matched case-sensitively, as AWS spells them: `parseConditionOperator` still
 * recognises a miscased spelling and reports it through `exactCase: false`, so that the validator can offer the
 * canonical spelling as a fix.
 */

/** The operator families of the AWS page. */
export type OperatorCategory = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/**
 * How an operator compares a request value with a policy value:
 * `equals` (exact, per category), `like` (wildcard match), the four orderings, `ipRange` (CIDR containment) and
 * `null` (key presence).
 */
export type OperatorComparison = 'equals' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'ipRange' | 'null';

export interface BaseOperator {
  /** Canonical spelling (`StringNotEqualsIgnoreCase`). */
  readonly name: string;
  readonly category: OperatorCategory;
  readonly comparison: OperatorComparison;
  /**
   * True for the negated operators (`StringNotEquals`, `ArnNotLike`, `NumericNotEquals`, `DateNotEquals`,
   * `NotIpAddress`): they hold when no policy value matches, and when the key is missing.
   */
  readonly negated: boolean;
  /** True when the operator name contains `Like` (`StringLike`, `ArnNotLike`). */
  readonly like: boolean;
  /**
   * True when policy values are wildcard patterns (`*`, `?`): the `…Like` operators and, per the AWS page,
   * `ArnEquals`/`ArnNotEquals`, which behave exactly like `ArnLike`/`ArnNotLike`.
   */
  readonly wildcards: boolean;
  /** `StringEqualsIgnoreCase` / `StringNotEqualsIgnoreCase`. */
  readonly ignoreCase: boolean;
  /**
   * Whether policy variables (`${aws:username}`) are resolved in the values. The AWS page says yes for String, ARN
   * and Bool operators and no for the others. (The policy-variables page says Bool does not support them; we follow
   * the condition-operators page, the more specific reference, and pin that in tests.)
   */
  readonly policyVariables: boolean;
}

function op(
  name: string,
  category: OperatorCategory,
  comparison: OperatorComparison,
  extra: { negated?: boolean; wildcards?: boolean; ignoreCase?: boolean } = {},
): BaseOperator {
  return {
    name,
    category,
    comparison,
    negated: extra.negated ?? false,
    like: name.includes('Like'),
    wildcards: extra.wildcards ?? false,
    ignoreCase: extra.ignoreCase ?? false,
    policyVariables: category === 'string' || category === 'arn' || category === 'bool',
  };
}

/** Every base operator AWS defines, in the order of the AWS page. */
export const BASE_OPERATORS: readonly BaseOperator[] = [
  op('StringEquals', 'string', 'equals'),
  op('StringNotEquals', 'string', 'equals', { negated: true }),
  op('StringEqualsIgnoreCase', 'string', 'equals', { ignoreCase: true }),
  op('StringNotEqualsIgnoreCase', 'string', 'equals', { negated: true, ignoreCase: true }),
  op('StringLike', 'string', 'like', { wildcards: true }),
  op('StringNotLike', 'string', 'like', { negated: true, wildcards: true }),
  op('NumericEquals', 'numeric', 'equals'),
  op('NumericNotEquals', 'numeric', 'equals', { negated: true }),
  op('NumericLessThan', 'numeric', 'lessThan'),
  op('NumericLessThanEquals', 'numeric', 'lessThanEquals'),
  op('NumericGreaterThan', 'numeric', 'greaterThan'),
  op('NumericGreaterThanEquals', 'numeric', 'greaterThanEquals'),
  op('DateEquals', 'date', 'equals'),
  op('DateNotEquals', 'date', 'equals', { negated: true }),
  op('DateLessThan', 'date', 'lessThan'),
  op('DateLessThanEquals', 'date', 'lessThanEquals'),
  op('DateGreaterThan', 'date', 'greaterThan'),
  op('DateGreaterThanEquals', 'date', 'greaterThanEquals'),
  op('Bool', 'bool', 'equals'),
  op('BinaryEquals', 'binary', 'equals'),
  op('IpAddress', 'ip', 'ipRange'),
  op('NotIpAddress', 'ip', 'ipRange', { negated: true }),
  // The AWS page: "ArnEquals … behaves like ArnLike", and the same for the negated pair.
  op('ArnEquals', 'arn', 'like', { wildcards: true }),
  op('ArnLike', 'arn', 'like', { wildcards: true }),
  op('ArnNotEquals', 'arn', 'like', { negated: true, wildcards: true }),
  op('ArnNotLike', 'arn', 'like', { negated: true, wildcards: true }),
  op('Null', 'null', 'null'),
];

const BY_NAME = new Map(BASE_OPERATORS.map((b) => [b.name, b]));
const BY_LOWER_NAME = new Map(BASE_OPERATORS.map((b) => [b.name.toLowerCase(), b]));

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';
export const SET_QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];

export interface ParsedOperator {
  /** The operator as written. */
  readonly text: string;
  readonly qualifier?: SetQualifier;
  readonly base: BaseOperator;
  readonly ifExists: boolean;
  /** The canonical spelling of the whole operator (`ForAnyValue:StringLikeIfExists`). */
  readonly canonical: string;
  /** False when the text differs from `canonical` only by letter case (AWS rejects that spelling). */
  readonly exactCase: boolean;
  /**
   * False for combinations AWS rejects even though every part exists: `NullIfExists` (AA `NULL_WITH_IF_EXISTS`).
   * `ForAllValues:Null` is accepted by AWS (AA only suggests against it) and stays valid here.
   */
  readonly valid: boolean;
}

const IF_EXISTS = 'IfExists';

/**
 * Splits an operator into qualifier, base operator and `IfExists`. Returns undefined when the text names no known
 * operator even ignoring case. Never throws.
 */
export function parseConditionOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    const found = SET_QUALIFIERS.find((q) => q.toLowerCase() === prefix);
    if (!found) return undefined;
    qualifier = found;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.length > IF_EXISTS.length && rest.toLowerCase().endsWith(IF_EXISTS.toLowerCase())) {
    const stripped = rest.slice(0, -IF_EXISTS.length);
    // `…IfExists` is only a suffix when what precedes it is an operator: no operator itself ends in "IfExists".
    if (BY_LOWER_NAME.has(stripped.toLowerCase())) {
      ifExists = true;
      rest = stripped;
    }
  }
  const base = BY_NAME.get(rest) ?? BY_LOWER_NAME.get(rest.toLowerCase());
  if (!base) return undefined;
  const canonical = `${qualifier ? `${qualifier}:` : ''}${base.name}${ifExists ? IF_EXISTS : ''}`;
  return {
    text,
    ...(qualifier ? { qualifier } : {}),
    base,
    ifExists,
    canonical,
    exactCase: canonical === text,
    valid: !(ifExists && base.category === 'null'),
  };
}

const VALID_SPELLINGS: readonly string[] = (() => {
  const all: string[] = [];
  for (const q of ['', 'ForAllValues:', 'ForAnyValue:']) {
    for (const b of BASE_OPERATORS) {
      all.push(`${q}${b.name}`);
      if (b.category !== 'null') all.push(`${q}${b.name}${IF_EXISTS}`);
    }
  }
  return all;
})();

/** Every valid operator spelling (qualifiers and `IfExists` included), for completion and did-you-mean. */
export function allConditionOperatorSpellings(): readonly string[] {
  return VALID_SPELLINGS;
}

/**
 * Whether a condition holds for a request that lacks its key, as AWS evaluates it: `…IfExists`, the negated operators
 * and `ForAllValues` hold, `Null` holds when it tests for "true", the rest (and `ForAnyValue`) do not.
 */
export function holdsForAbsentKey(operator: ParsedOperator, values: readonly string[]): boolean {
  if (operator.base.category === 'null') return values.some((v) => v.toLowerCase() === 'true');
  if (operator.ifExists || operator.qualifier === 'ForAllValues') return true;
  if (operator.qualifier === 'ForAnyValue') return false;
  return operator.base.negated;
}
