// Turns findings (offsets) into what people and tools read: positions, compiler-style lines, the JSON shape of
// docs/formats.md, section 1. The CLI's only offset-to-position conversion lives here (the README's architecture invariant 4).
import type { Finding, Severity } from '../iam/findings';
import type { PolicyType } from '../iam/policyTypes';
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
}

/** One checked file. */
export interface FileReport {
  readonly file: string;
  readonly type: PolicyType;
  readonly diagnostics: readonly Diagnostic[];
}

export function toDiagnostics(text: string, findings: readonly Finding[]): Diagnostic[] {
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  return findings.map((finding) => ({
    code: finding.code,
    ...(finding.awsCode !== undefined ? { awsCode: finding.awsCode } : {}),
    severity: finding.severity,
    message: finding.message,
    range: {
      start: lines.position(finding.span.offset),
      end: lines.position(finding.span.offset + finding.span.length),
    },
  }));
}

/** `policies/dev.json:4:16 error unknownAction The action …` with one-based line and column, as compilers print. */
export function formatDiagnosticLine(file: string, diagnostic: Diagnostic): string {
  const { line, character } = diagnostic.range.start;
  const aws = diagnostic.awsCode !== undefined ? ` [${diagnostic.awsCode}]` : '';
  return `${file}:${line + 1}:${character + 1} ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}${aws}`;
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

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
