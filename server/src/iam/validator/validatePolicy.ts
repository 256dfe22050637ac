/**
 * The validator's facade: text (or an already parsed policy) in, findings out. Every rule lives in `rules/` and is
 * listed in `rules/index.ts`; this file only decides the policy type, runs the applicable rules through one guard,
 * applies the user's severities and sorts the result by position.
 */
import type { Catalog } from '../catalog/types';
import type { Finding, Severity } from '../findings';
import { parsePolicy } from '../parser/parsePolicy';
import type { ParsedPolicy } from '../parser/policyTree';
import type { PolicyType, PolicyTypeOption } from '../policyTypes';
import { inferPolicyType } from './inferPolicyType';
import type { Rule } from './rule';
import { ALL_RULES } from './rules/index';
import { runRules } from './runRules';

/** A severity per rule id, or `off` to disable the rule. Ids not listed keep the rule's default severity. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface ValidateOptions {
  /** The kind of policy the document is; `auto` infers it from the document (see `inferPolicyType`). */
  readonly type: PolicyTypeOption;
  readonly catalog: Catalog;
  readonly severities?: SeverityOverrides;
  /** The rules to run; defaults to every rule (`ALL_RULES`). Tests pass a subset. */
  readonly rules?: readonly Rule[];
  /** True once the caller's time is spent: the remaining rules are skipped and one finding says so (see runRules). */
  readonly expired?: () => boolean;
  /**
   * The text's length without white space between tokens, when the caller has counted it already (the editor counts
   * a 10 MB policy statement by statement, keeping each statement's count, rather than the whole text per keystroke).
   */
  readonly sizeWithoutWhitespace?: number;
}

export interface ValidationResult {
  /** The concrete type the document was validated as (the inferred one when `auto` was asked for). */
  readonly type: PolicyType;
  /** Findings sorted by position (start offset, then end offset, then rule id). */
  readonly findings: readonly Finding[];
}

/**
 * Validates one policy document. Never throws: a rule that fails is reported as one `internalError` finding and the
 * other rules still run.
 *
 * @param input the policy text, or the result of `parsePolicy` when the caller has already parsed it (the LSP server
 *   parses once per document version and shares the tree between features).
 */
export function validatePolicy(input: string | ParsedPolicy, options: ValidateOptions): ValidationResult {
  const parsed = typeof input === 'string' ? parsePolicy(input) : input;
  const type = options.type === 'auto' ? inferPolicyType(parsed.document) : options.type;
  const findings = runRules(options.rules ?? ALL_RULES, {
    parsed,
    type,
    catalog: options.catalog,
    severities: options.severities ?? {},
    ...(options.expired ? { expired: options.expired } : {}),
    ...(options.sizeWithoutWhitespace !== undefined ? { sizeWithoutWhitespace: options.sizeWithoutWhitespace } : {}),
  });
  return { type, findings };
}

export { inferPolicyType } from './inferPolicyType';
export { ALL_RULES } from './rules/index';
