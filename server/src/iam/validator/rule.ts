import type { Catalog } from '../catalog/types';
import type { Finding, Fix, Severity } from '../findings';
import type { ParsedPolicy, PolicyDocument } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';

/**
 * One validation rule. Each rule lives in its own file under `rules/`, has a stable camelCase `id` (users set its
 * severity by that id), a default severity, and the IAM Access Analyzer issue code where one corresponds.
 * A rule may report under more than one AWS code (e.g. the several `EMPTY_ARRAY_*` checks): `report` takes an
 * optional per-finding `awsCode` that overrides the rule's default.
 */
export interface Rule {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly awsCode?: string;
  /** One sentence for documentation and hover: what the rule catches. */
  readonly description: string;
  /** Policy types this rule applies to; omitted means all. */
  readonly appliesTo?: readonly PolicyType[];
  check(context: RuleContext): void;
}

/**
 * A finding code reported outside the validator (by the template or model readers), described like a rule so that
 * SARIF and the rules reference treat it alike; it never runs on a policy.
 */
export function describedCode(id: string, defaultSeverity: Severity, description: string): Rule {
  return { id, defaultSeverity, description, check: () => undefined };
}

export interface ReportOptions {
  readonly awsCode?: string;
  readonly fixes?: readonly Fix[];
  readonly unnecessary?: boolean;
  /** Overrides the rule's default severity for this one finding (e.g. an AWS error that is a warning for SCPs). */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly parsed: ParsedPolicy;
  /** The document, when the text's top level is an object. Rules that need it return early when it is missing. */
  readonly document: PolicyDocument | undefined;
  readonly type: PolicyType;
  readonly catalog: Catalog;
  readonly text: string;
  /** The text's length without white space between tokens, when the caller counted it (policySize counts otherwise). */
  readonly sizeWithoutWhitespace?: number;
  report(span: Span, message: string, options?: ReportOptions): void;
}

export type { Finding };
