// Turns findings (offsets) into what people and tools read: positions, compiler-style lines, the JSON shape of
// docs/formats.md, section 1. The CLI's only offset-to-position conversion lives here (the README's architecture invariant 4).
import type { Finding, Severity } from '../iam/findings';
import type { PolicyType } from '../iam/policyTypes';
import { printableText } from '../iam/explain';
import { LineIndex } from '../iam/span';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A finding with its zero-based range: the `diagnostics` entries of `--format json`. */
export interface Diagnostic {
  readonly code: string;
  readonly awsCode?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** In a template: the embedded policy the finding is about. */
  readonly policy?: PolicyRef;
}

/** An embedded policy of a template: what it is, where in the template's structure, and as what it was validated. */
export interface PolicyRef {
  readonly label: string;
  readonly path: string;
  readonly type: PolicyType;
  /** The CDK construct path, for templates `cdk synth` wrote. */
  readonly construct?: string;
}

/** One checked file. */
export interface FileReport {
  readonly file: string;
  /**
   * The policy type; `template` for a CloudFormation, SAM or Terraform file (each diagnostic names its policy);
   * `model` for an account model, `test` for a policy test file, `authorizationDetails` for an export, `unreadable`
   * for a file or folder that could not be read (its one diagnostic says why).
   */
  readonly type: PolicyType | 'template' | 'model' | 'test' | 'authorizationDetails' | 'unreadable';
  /** For templates: which kind, and every policy found in it (with or without findings). */
  readonly template?: 'cloudformation' | 'terraform' | 'terraformPlan';
  readonly policies?: readonly PolicyRef[];
  readonly diagnostics: readonly Diagnostic[];
}

export function toDiagnostics(text: string, findings: readonly (Finding & { readonly policy?: PolicyRef })[]): Diagnostic[] {
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  return findings.map((finding) => ({
    code: finding.code,
    ...(finding.awsCode !== undefined ? { awsCode: finding.awsCode } : {}),
    severity: finding.severity,
    // Every finding, whatever made it (a rule, a template or model check), stays on its line.
    message: printableText(finding.message),
    range: {
      start: lines.position(finding.span.offset),
      end: lines.position(finding.span.offset + finding.span.length),
    },
    ...(finding.policy !== undefined ? { policy: finding.policy } : {}),
  }));
}

/** `policies/dev.json:4:16 error unknownAction The action …` with one-based line and column, as compilers print. */
export function formatDiagnosticLine(file: string, diagnostic: Diagnostic): string {
  const { line, character } = diagnostic.range.start;
  const aws = diagnostic.awsCode !== undefined ? ` [${diagnostic.awsCode}]` : '';
  const where =
    diagnostic.policy !== undefined
      ? ` (in ${diagnostic.policy.label}${diagnostic.policy.construct !== undefined ? `, construct ${diagnostic.policy.construct}` : ''})`
      : '';
  return `${file}:${line + 1}:${character + 1} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}${aws}${where}`;
}

export interface Totals {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly hint: number;
}

export function countSeverities(reports: readonly FileReport[]): Totals {
  const totals = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const report of reports) for (const diagnostic of report.diagnostics) totals[diagnostic.severity]++;
  return totals;
}

export { plural } from '../iam/explain';
