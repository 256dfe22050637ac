// Runs rules over one parsed policy: filters by policy type and user severity, guards each rule, sorts the findings.
import type { Catalog } from '../catalog/types';
import type { Finding, Severity } from '../findings';
import type { ParsedPolicy } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import { printableText } from '../explain/printableText';
import type { ReportOptions, Rule, RuleContext } from './rule';

/** The code of the finding that stands in for a rule that threw. It is not a rule, so it cannot be turned off. */
export const INTERNAL_ERROR_CODE = 'internalError';

/** The code of the finding that says the time budget stopped the checks. Not a rule either. */
export const TIME_BUDGET_CODE = 'timeBudget';

export interface RunInput {
  readonly parsed: ParsedPolicy;
  readonly type: PolicyType;
  readonly catalog: Catalog;
  readonly severities: Readonly<Record<string, Severity | 'off'>>;
  /**
   * Asked before each rule: true once the caller's time for this document is spent, and the remaining rules are
   * skipped (the language server gives each document version a budget so a huge one cannot hold up the others).
   */
  readonly expired?: () => boolean;
  /** See ValidateOptions.sizeWithoutWhitespace. */
  readonly sizeWithoutWhitespace?: number;
}

export function runRules(rules: readonly Rule[], input: RunInput): Finding[] {
  const findings: Finding[] = [];
  const { parsed, type, catalog, severities } = input;
  const skipped: string[] = [];
  for (const rule of rules) {
    if (rule.appliesTo && !rule.appliesTo.includes(type)) continue;
    const configured = severities[rule.id];
    if (configured === 'off') continue;
    if (skipped.length > 0 || input.expired?.()) {
      skipped.push(rule.id);
      continue;
    }
    const context: RuleContext = {
      parsed,
      document: parsed.document,
      type,
      catalog,
      text: parsed.text,
      ...(input.sizeWithoutWhitespace !== undefined ? { sizeWithoutWhitespace: input.sizeWithoutWhitespace } : {}),
      report(span: Span, message: string, options?: ReportOptions) {
        findings.push(makeFinding(rule, configured, span, message, options));
      },
    };
    try {
      rule.check(context);
    } catch (error) {
      // One broken rule must never take the others (or the editor) down with it: report it where the user sees it.
      const detail = error instanceof Error ? error.message : String(error);
      findings.push({
        code: INTERNAL_ERROR_CODE,
        severity: 'warning',
        message: `Internal error in rule '${rule.id}': ${detail}. The other checks still ran; please report this.`,
        span: { offset: 0, length: 0 },
      });
    }
  }
  if (skipped.length > 0) {
    const named = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? `, and ${skipped.length - 5} more` : '');
    findings.push({
      code: TIME_BUDGET_CODE,
      severity: 'info',
      message: `This document took longer than its time budget to check, so ${skipped.length} checks were skipped (${named}). The command line (iam-policy-lab check) runs every check.`,
      span: { offset: 0, length: 0 },
    });
  }
  return sortFindings(findings);
}

function makeFinding(rule: Rule, configured: Severity | undefined, span: Span, message: string, options: ReportOptions | undefined): Finding {
  const awsCode = options?.awsCode ?? rule.awsCode;
  // A user's setting wins over both the rule's default and a per-finding severity.
  const severity = configured ?? options?.severity ?? rule.defaultSeverity;
  return {
    code: rule.id,
    severity,
    // Rules quote the user's values: a raw newline in one must not split the finding's line.
    message: printableText(message),
    span,
    ...(awsCode !== undefined ? { awsCode } : {}),
    ...(options?.fixes !== undefined && options.fixes.length > 0 ? { fixes: options.fixes } : {}),
    ...(options?.unnecessary ? { unnecessary: true } : {}),
  };
}

/** Sorts by start, then end, then code, so output is stable whatever order the rules ran in. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.span.offset - b.span.offset ||
      a.span.length - b.span.length ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
