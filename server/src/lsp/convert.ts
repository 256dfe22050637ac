/**
 * The only place where the core's offsets become LSP positions (and back), and where core findings, fixes and
 * evaluation spans become LSP diagnostics, edits and locations. Everything else in the server speaks spans.
 */
import type { Diagnostic, DiagnosticSeverity, Position, Range, TextEdit } from 'vscode-languageserver';
import { LineIndex, type Span } from '../iam/span';
import type { Finding, Severity, TextEdit as CoreEdit } from '../iam/findings';
import { assertNever } from '../iam/policyTypes';
import { accessAnalyzerLink, ruleLink } from './awsCheckLinks';
import type { EvaluationResult, PolicySource, StatementTrace } from '../iam/evaluator';
import { fileSpan } from '../iam/explain';
import { locationKey, type LocationIndex, type SourceLocation } from './protocol';
import { pathToUri } from './uris';

/** Lines and characters of a text's offsets, and back. */
export type LineLookup = Pick<LineIndex, 'position' | 'offset'>;

/** A text with its line index, built once per document version (see documents.ts). */
export interface Positioned {
  readonly text: string;
  readonly lines: LineLookup;
}

/** @param lines the lines when they are known already (the editor's own document keeps them for a large text). */
export function positioned(text: string, lines?: LineLookup): Positioned {
  return { text, lines: lines ?? new LineIndex(text) };
}

export function toPosition(doc: Positioned, offset: number): Position {
  return doc.lines.position(Math.max(0, Math.min(offset, doc.text.length)));
}

export function toRange(doc: Positioned, span: Span): Range {
  return { start: toPosition(doc, span.offset), end: toPosition(doc, span.offset + span.length) };
}

/** The offset of an LSP position, clamped to the text (clients may send positions past the end of a line). */
export function toOffset(doc: Positioned, position: Position): number {
  const offset = doc.lines.offset(position);
  // A character past the end of its line must not spill into the next line.
  const nextLineStart = doc.lines.offset({ line: position.line + 1, character: 0 });
  const lineEnd = position.line + 1 < lineCount(doc) ? lineEndBefore(doc.text, nextLineStart) : doc.text.length;
  return Math.max(0, Math.min(offset, lineEnd, doc.text.length));
}

export function toSpan(doc: Positioned, range: Range): Span {
  const start = toOffset(doc, range.start);
  const end = toOffset(doc, range.end);
  return { offset: Math.min(start, end), length: Math.abs(end - start) };
}

function lineCount(doc: Positioned): number {
  return doc.lines.position(doc.text.length).line + 1;
}

/** The offset of the line break that ends the line before `nextLineStart`. */
function lineEndBefore(text: string, nextLineStart: number): number {
  let end = nextLineStart;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** Moves a span found in a sub-text (an embedded policy) to the coordinates of the whole document. */
export function shiftSpan(span: Span, by: number): Span {
  return { offset: span.offset + by, length: span.length };
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return 1;
    case 'warning':
      return 2;
    case 'info':
      return 3;
    case 'hint':
      return 4;
    default:
      return assertNever(severity);
  }
}

/** Public documentation for a finding: AWS's Access Analyzer check reference, or our README's rule list. */
export function findingDocumentation(finding: Pick<Finding, 'code' | 'awsCode'>): string {
  return finding.awsCode !== undefined ? accessAnalyzerLink(finding.awsCode) : ruleLink(finding.code);
}

/** What a diagnostic carries in `data`, so code actions can find the finding's fixes without re-validating. */
export interface DiagnosticData {
  readonly awsCode?: string;
  /** Offset of the embedded policy the finding belongs to (0 for a whole-document policy). */
  readonly base: number;
}

export const DIAGNOSTIC_SOURCE = 'iam-policy-lab';

/** A finding as an LSP diagnostic; `base` shifts spans of a policy embedded in a larger file. */
export function toDiagnostic(doc: Positioned, finding: Finding, base = 0): Diagnostic {
  const data: DiagnosticData = { base, ...(finding.awsCode !== undefined ? { awsCode: finding.awsCode } : {}) };
  return {
    range: toRange(doc, shiftSpan(finding.span, base)),
    severity: toSeverity(finding.severity),
    message: finding.awsCode !== undefined ? `${finding.message} (${finding.awsCode})` : finding.message,
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    codeDescription: { href: findingDocumentation(finding) },
    ...(finding.unnecessary === true ? { tags: [1 /* Unnecessary */] } : {}),
    data,
  };
}

export function toTextEdit(doc: Positioned, edit: CoreEdit, base = 0): TextEdit {
  return { range: toRange(doc, shiftSpan(edit.span, base)), newText: edit.newText };
}

/** Ranges are equal when they start and end at the same positions. */
export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation results: spans in files → URIs and LSP ranges.

/**
 * Where a span of a file is for the user: a model built from a template answers with the template's file and span
 * (undefined outside its policies); `newText` asks for an edit, which the template may not be able to take, and the
 * answer then gives the text as the template writes it.
 */
export type Placer = (file: string, span: Span, newText?: string) => { readonly file: string; readonly span: Span; readonly newText?: string } | undefined;

/** Gives the text of a file (open document first) for converting spans in it; undefined when unreadable. */
export type FileTexts = ((file: string) => Positioned | undefined) & { readonly place?: Placer };

/** A memoising FileTexts over a reader, for one request; `place` maps spans of built models into their templates. */
export function fileTexts(read: (file: string) => Positioned | undefined, place?: Placer): FileTexts {
  const seen = new Map<string, Positioned | undefined>();
  const texts = (file: string): Positioned | undefined => {
    if (!seen.has(file)) seen.set(file, read(file));
    return seen.get(file);
  };
  return place ? Object.assign(texts, { place }) : texts;
}

/** The location of a span inside a policy (relative to the policy's own text) in the file that holds it. */
export function policyLocation(files: FileTexts, source: PolicySource, span: Span | undefined): SourceLocation | undefined {
  if (source.file === undefined) return undefined;
  const inFile = span === undefined ? (source.span ?? { offset: 0, length: 0 }) : fileSpan(source, span);
  return inFile === undefined ? undefined : fileLocation(files, source.file, inFile);
}

/** A span already placed in its file (the explainer's spans are). */
export function policyLocationInFile(files: FileTexts, file: string, span: Span): SourceLocation | undefined {
  return fileLocation(files, file, span);
}

/** A location of a span given directly in a file (test objects, model entries). */
export function fileLocation(files: FileTexts, file: string, span: Span): SourceLocation | undefined {
  return locationIn(files, files.place ? files.place(file, span) : { file, span });
}

/** The location of a span already placed in the file a user opens. */
function locationIn(files: FileTexts, placed: { readonly file: string; readonly span: Span } | undefined): SourceLocation | undefined {
  const text = placed ? files(placed.file) : undefined;
  return placed === undefined || text === undefined ? undefined : { uri: pathToUri(placed.file), range: toRange(text, placed.span) };
}

/**
 * An edit of a file as the user's editor applies it: in a template-built model, the template's own edit (its place,
 * and its text in the template's syntax), or undefined where the template cannot take it.
 */
export function placedEdit(
  files: FileTexts,
  file: string,
  span: Span,
  newText: string,
): { readonly location: SourceLocation; readonly newText: string } | undefined {
  const placed = files.place ? files.place(file, span, newText) : { file, span, newText };
  const location = locationIn(files, placed);
  return location === undefined ? undefined : { location, newText: placed?.newText ?? newText };
}

function statementLocations(files: FileTexts, into: Record<string, SourceLocation>, prefix: string, statement: StatementTrace): void {
  const put = (key: string, location: SourceLocation | undefined): void => {
    if (location !== undefined) into[key] = location;
  };
  put(prefix, policyLocation(files, statement.source, statement.span ?? { offset: 0, length: 0 }));
  statement.elements.forEach((element, e) => {
    if (element.span !== undefined) put(locationKey(prefix, 'elements', e), policyLocation(files, statement.source, element.span));
    if (element.valueSpan !== undefined) put(locationKey(prefix, 'elements', e, 'value'), policyLocation(files, statement.source, element.valueSpan));
  });
  statement.conditions.forEach((condition, c) => {
    if (condition.span !== undefined) put(locationKey(prefix, 'conditions', c), policyLocation(files, statement.source, condition.span));
  });
}

/** Every location of an evaluation result, keyed as protocol.ts's `LocationIndex` describes. */
export function resultLocations(files: FileTexts, result: EvaluationResult): LocationIndex {
  const index: Record<string, SourceLocation> = {};
  result.layers.forEach((layer, l) => {
    layer.policies.forEach((policy, p) => {
      const location = policyLocation(files, policy.source, undefined);
      if (location !== undefined) index[locationKey('layers', l, 'policies', p)] = location;
      policy.statements.forEach((statement, s) => statementLocations(files, index, locationKey('layers', l, 'policies', p, 'statements', s), statement));
    });
  });
  result.decidingStatements.forEach((statement, s) => statementLocations(files, index, locationKey('decidingStatements', s), statement));
  result.nearMisses.forEach((statement, s) => statementLocations(files, index, locationKey('nearMisses', s), statement));
  result.errors.forEach((error, e) => {
    if (error.source !== undefined) {
      const location = policyLocation(files, error.source, error.span);
      if (location !== undefined) index[locationKey('errors', e)] = location;
    }
  });
  return index;
}
