// What simulate, test and who-can share: loading a model from the file system with the managed-policy snapshot,
// printing its diagnostics as file:line:col lines, parsing --context, and turning spans into `file:line:col`.
import { statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { cappedDiagnostics, type CappedDiagnostics } from './cappedDiagnostics';
import type { ContextValue } from '../iam/evaluator';
import type { ExplainedStatement, Explanation, FileEdit, Fix } from '../iam/explain';
import { formatExplanationText, printableText } from '../iam/explain';
import type { LoadedModel, LoadModelOptions, ManagedPolicyLookup, ModelDiagnostic } from '../iam/model';
import { EXPORT_WINDOWS, loadModel, looksLikeExport, textOfWindows } from '../iam/model';
import { LineIndex, type Span } from '../iam/span';
import { loadManagedPolicyStore } from '../node/managedPolicyFiles';
import { createNodeModelHost, textOfFile } from '../node/modelFiles';
import { openFileWindows } from '../node/fileWindows';
import { readRegularFile } from '../node/regularFile';
import type { HclParse, TemplateModelHost } from '../iam/templates/index';
import { templateModelHostOnDemand } from '../iam/templateModelHostOnDemand';
import { mayBeTerraformPath } from '../iam/templateText';
import { templateReaders } from '../node/templateReaders';
import { loadHclParser } from '../node/hclParser';
import { terraformFilesOf } from '../node/terraformFiles';
import { progressLine } from './progress';

let host: TemplateModelHost | undefined;

/** The file-system host, with the AWS managed policy snapshot when the installation has one. */
export function cliModelHost(): TemplateModelHost {
  if (host) return host;
  const managed = managedPolicySnapshot();
  // Templates named as models (`--model template.yaml`, a test file's "model", a Terraform folder) are read as the
  // model built from them.
  const files = createNodeModelHost(managed);
  const reading = {
    ...files,
    readFile: (path: string) => {
      const ahead = takeReadAhead(path);
      const text = ahead ?? files.readFile(path);
      if (typeof text === 'string') {
        if (ahead === undefined) readAhead = { path, text, reads: 1 };
        // A `check` of a whole repository reads thousands of files: keep the latest, as `shownPaths` does.
        if (textsRead.size >= 1_000) textsRead.clear();
        textsRead.set(path, text);
      }
      return text;
    },
  };
  host = templateModelHostOnDemand(reading, { parse: () => hclParse, terraformFiles: terraformFilesOf }, () => templateReaders().templateModelHost);
  return host;
}

/**
 * The bundled snapshot of AWS managed policies, its index read when a model first names an AWS managed policy (most
 * large models name none, and reading it took 20 ms of a start). An installation whose snapshot cannot be read has
 * none: its references dangle, and their message says no snapshot is loaded.
 */
function managedPolicySnapshot(): ManagedPolicyLookup {
  let store: ManagedPolicyLookup | undefined;
  let opened = false;
  const open = (): ManagedPolicyLookup | undefined => {
    if (opened) return store;
    opened = true;
    try {
      const loaded = loadManagedPolicyStore();
      // The store reads lazily: its index is read now, so that a broken installation shows up here, not mid-lookup.
      loaded.list?.();
      store = loaded;
    } catch {
      store = undefined;
    }
    return store;
  };
  return { text: (arn) => open()?.text(arn), list: () => open()?.list?.() ?? [] };
}

let hclParse: HclParse | undefined;

/**
 * Loads the HCL grammar when a model path is a Terraform folder or .tf file (WASM loads asynchronously, model
 * reading is synchronous): call before loading such a model. Other paths cost nothing.
 */
export async function prepareModelPath(path: string): Promise<void> {
  readAhead = undefined;
  if (hclParse) return;
  let terraform = path.endsWith('.tf');
  try {
    terraform ||= statSync(path).isDirectory();
    // A model file that names a Terraform folder or .tf file as its template.
    // Read through the regular-file guard: a FIFO or a device named as the model must not block here.
    // An export read a window at a time names no template, and is not read whole here.
    if (!terraform && isExportInWindows(path)) return;
    const read = !terraform && path.endsWith('.json') ? readRegularFile(path) : undefined;
    if (read?.ok) {
      // Decoded now, as the file host decodes it, as it is read next: a search of the text for a word takes a fraction
      // of a search of its bytes. What is no text (UTF-16) is left for the host to say.
      const decoded = textOfFile(read.bytes);
      const text = typeof decoded === 'string' ? decoded : '';
      if (typeof decoded === 'string') readAhead = { path, text, reads: 2 };
      const head = text.slice(0, 4096);
      const template = /"template"\s*:\s*"([^"]*)"/.exec(head)?.[1];
      terraform = template !== undefined && mayBeTerraformPath(template);
      // A model whose accounts include templates may include a Terraform folder; an export names none (and a 50 MB
      // one is not searched for the word).
      terraform ||= !looksLikeExport(head) && text.includes('"templates"');
    }
  } catch {
    // A missing path is reported when the model is read.
  }
  if (terraform) hclParse = await loadHclParser();
}

/**
 * Whether the model at `path` is an export the loader reads a window at a time (`openWindows`), never whole: its
 * first bytes say so. Commands that look at the model before loading it ask this first.
 */
export function isExportInWindows(path: string): boolean {
  return openFileWindows(path, EXPORT_WINDOWS) !== undefined;
}

/**
 * The file read last, for the reads of the same file right after it: `test` looked at the model file for templates
 * (prepareModelPath), then whether it can be read, then loaded it, and a 12 MB model was read three times. It serves
 * at most `reads` reads in a row; a read of any other file, and the next prepareModelPath, go to the file system.
 */
let readAhead: { readonly path: string; readonly text: string; readonly reads: number } | undefined;

function takeReadAhead(path: string): string | undefined {
  const ahead = readAhead?.path === path ? readAhead : undefined;
  readAhead = undefined;
  if (ahead === undefined) return undefined;
  if (ahead.reads > 1) readAhead = { path, text: ahead.text, reads: ahead.reads - 1 };
  return ahead.text;
}

/** Whether a model this command loaded was built from templates (CloudFormation, SAM, Terraform), in part or whole. */
export function builtFromTemplates(): boolean {
  return (host?.builtModels.size ?? 0) > 0;
}

/** A path as the user sees it: relative to the working directory when that is shorter and inside it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  // Reports name the same few files thousands of times (a diff's every grant, a replay's every record).
  let shown = shownPaths.get(file);
  if (shown === undefined) {
    const rel = relative(process.cwd(), file);
    shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    if (shownPaths.size >= 10_000) shownPaths.clear();
    shownPaths.set(file, shown);
  }
  return shown;
}

const shownPaths = new Map<string, string>();

const lineIndexes = new Map<string, LineIndex | undefined>();

/**
 * The texts the host read, as it read them: the loaded model holds them anyway (its documents are spans of them), and
 * a 50 MB export read a second time to place one explanation cost more than the simulation.
 */
const textsRead = new Map<string, string>();

function lineIndex(file: string): LineIndex | undefined {
  if (!lineIndexes.has(file)) {
    // Through the same guard as every other read: a diagnostic about `/dev/zero` or a FIFO must print its message,
    // not read forever to find a line number.
    const known = textsRead.get(file);
    // A large export was read a window at a time, never whole (see openFileWindows): its lines are found so too.
    const windows = known === undefined ? openFileWindows(file, EXPORT_WINDOWS) : undefined;
    const read = known === undefined && windows === undefined ? readRegularFile(file) : undefined;
    const text = known ?? (windows ? textOfWindows(windows) : undefined) ?? (read?.ok ? read.bytes.toString('utf8') : undefined);
    const index = text !== undefined ? new LineIndex(text) : undefined;
    lineIndexes.set(file, index);
  }
  return lineIndexes.get(file);
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/**
 * Where a span of a file is for the user: in a model built from a template, the template file and the span of the
 * policy element there; undefined when a built model's span is outside its policies (no one can open the built JSON).
 */
function sourceOf(file: string, span: Span): { file: string; span: Span } | undefined {
  const built = host?.builtModels.get(file);
  return built ? built.source(span) : { file, span };
}

/** The file a user opens and the zero-based range there of a span, as LSP and `check --format json` write them. */
export function placeOf(file: string, span: Span): { file: string; range: Range } | undefined {
  const source = sourceOf(file, span);
  return source ? rangeIn(source.file, source.span) : undefined;
}

/** The zero-based range of a span of a file the user opens (a template's, already placed there). */
function rangeIn(file: string, span: Span): { file: string; range: Range } | undefined {
  const index = lineIndex(file);
  return index ? { file, range: { start: index.position(span.offset), end: index.position(span.offset + span.length) } } : undefined;
}

/** `policies/dev.json:7:5`, one-based as compilers print; just the path when the span is unknown. */
export function locate(file: string, span: Span | undefined): string {
  const place = span ? placeOf(file, span) : undefined;
  // A model built from a template without a place for this span: the template, not the built JSON no one can open.
  if (!place) return displayPath(host?.builtModels.has(file) === true ? (host.builtModels.get(file)?.template ?? file) : file);
  return `${displayPath(place.file)}:${place.range.start.line + 1}:${place.range.start.character + 1}`;
}

export function formatModelDiagnostic(d: ModelDiagnostic): string {
  return `${locate(d.file, d.span)} ${d.severity} ${d.code} ${printableText(d.message)}`;
}

/** Prints a diagnostic on stderr through `lines`, which prints a few of each code in each file. */
export function printCapped(lines: CappedDiagnostics, d: ModelDiagnostic): void {
  lines.write(formatModelDiagnostic(d), { file: locate(d.file, undefined), code: d.code, severity: d.severity });
}

export interface CliModel {
  readonly model: LoadedModel;
  /** True when the model had errors (they have been printed to stderr). */
  readonly failed: boolean;
  /** The model's warnings, printed to stderr too, for a command's JSON output. */
  readonly warnings: readonly ModelDiagnostic[];
  /** The model's errors, printed to stderr too, for a command's JSON output. */
  readonly errors: readonly ModelDiagnostic[];
  /**
   * Prints what the model reported since, about accounts read when a request first reached them (loadModel's
   * `accountsOnDemand`); true when one was an error, which makes the model invalid for the command as at load.
   */
  readonly reportLate: () => boolean;
}

/**
 * A command's model, as `loadModelForCli` reads it, after what it needs is ready: a Terraform folder, or a model that
 * includes one, needs the HCL grammar, which loads on demand (prepareModelPath).
 */
export async function prepareAndLoadModel(command: string, path: string, options: LoadModelOptions = {}): Promise<CliModel> {
  await prepareModelPath(path);
  return loadModelForCli(command, path, options);
}

/**
 * Loads the model and prints its diagnostics to stderr. Errors make the input invalid (exit 2 for the caller);
 * warnings are printed and the command goes on.
 */
export function loadModelForCli(command: string, path: string, options: LoadModelOptions = {}): CliModel {
  const progress = progressLine(command);
  progress.update(`loading ${displayPath(path)}…`);
  const { model, diagnostics } = loadModel(path, cliModelHost(), options);
  progress.done();
  const warnings: ModelDiagnostic[] = [];
  const errors: ModelDiagnostic[] = [];
  const diagnosticLines = cappedDiagnostics(command);
  let printed = 0;
  /** Prints the diagnostics not printed yet; true when one is an error. */
  const report = (): boolean => {
    let failed = false;
    for (const diagnostic of diagnostics.slice(printed)) {
      if (diagnostic.severity === 'hint' || diagnostic.severity === 'info') continue;
      if (diagnostic.severity === 'error') {
        failed = true;
        errors.push(diagnostic);
      } else warnings.push(diagnostic);
      printCapped(diagnosticLines, diagnostic);
    }
    diagnosticLines.countLeftOut();
    printed = diagnostics.length;
    return failed;
  };
  return { model, failed: report(), warnings, errors, reportLate: report };
}

/**
 * `--context KEY=VALUE`, repeated. A key given more than once becomes multi-valued (docs/formats.md, section 1). Returns an
 * error message for an entry without `=`.
 */
export function parseContextOptions(entries: readonly string[]): { context: Record<string, ContextValue> } | { error: string } {
  const values = new Map<string, string[]>();
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0) return { error: `--context needs KEY=VALUE, not '${entry}'` };
    const key = entry.slice(0, equals);
    const list = values.get(key) ?? [];
    list.push(entry.slice(equals + 1));
    values.set(key, list);
  }
  const context: Record<string, ContextValue> = {};
  for (const [key, list] of values) context[key] = list.length === 1 ? (list[0] as string) : list;
  return { context };
}

/**
 * The explanation for `--format json`: spans become zero-based `range`s (as `check --format json` writes them) and
 * files are shown relative to the working directory.
 */
export function explanationToJson(explanation: Explanation): unknown {
  const statement = (s: ExplainedStatement) => {
    const file = s.policy.file;
    const place = file !== undefined && s.span ? placeOf(file, s.span) : undefined;
    const range = place?.range;
    // A built model's policy is shown in its template: the built JSON is no file anyone can open.
    const shownFile = place?.file ?? (file !== undefined ? (host?.builtModels.get(file)?.template ?? file) : undefined);
    return {
      policy: s.policy.name,
      policyType: s.policy.type,
      ...(s.policy.arn !== undefined ? { policyArn: s.policy.arn } : {}),
      ...(shownFile !== undefined ? { file: displayPath(shownFile) } : {}),
      ...(s.policy.attachedTo !== undefined ? { attachedTo: s.policy.attachedTo } : {}),
      effect: s.effect,
      statementIndex: s.statementIndex,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      ...(range ? { range } : {}),
      headline: s.headline,
      reasons: s.reasons.map((r) => {
        const reasonRange = file !== undefined && r.span ? placeOf(file, r.span)?.range : undefined;
        return {
          element: r.element,
          matched: r.matched,
          sentence: r.sentence,
          ...(r.operator !== undefined ? { operator: r.operator } : {}),
          ...(r.key !== undefined ? { key: r.key } : {}),
          ...(r.requestValues !== undefined ? { requestValues: r.requestValues } : {}),
          ...(r.policyValues !== undefined ? { policyValues: r.policyValues } : {}),
          ...(reasonRange ? { range: reasonRange } : {}),
        };
      }),
    };
  };
  return {
    summary: explanation.summary,
    reason: explanation.reason,
    principal: explanation.principal,
    action: explanation.action,
    resource: explanation.resource,
    crossAccount: explanation.crossAccount,
    ...(explanation.note !== undefined ? { note: explanation.note } : {}),
    layers: explanation.layers.map((l) => ({
      kind: l.kind,
      label: l.label,
      ...(l.level !== undefined ? { level: l.level } : {}),
      ...(l.side !== undefined ? { side: l.side } : {}),
      outcome: l.outcome,
      sentence: l.sentence,
      policies: l.policies,
    })),
    decidingStatements: explanation.deciding.map(statement),
    ...(explanation.implicitDenyLayer ? { implicitDenyLayer: { kind: explanation.implicitDenyLayer.kind, label: explanation.implicitDenyLayer.label } } : {}),
    nearMisses: explanation.nearMisses.map(statement),
    errors: explanation.errors,
  };
}

/**
 * Fixes as `simulate --format json` writes them: `{ title, kind, edits: [{ file, range, newText }], context }`,
 * zero-based ranges as in LSP. An edit whose file cannot be read for its lines is left out rather than misplaced.
 */
export function fixesToJson(fixes: readonly Fix[]): unknown[] {
  const placed = applicableFixes(fixes).map((fix) => ({
    title: fix.title,
    kind: fix.kind,
    edits: fix.edits.flatMap((edit) => {
      const place = rangeIn(edit.file, edit.span);
      return place ? [{ file: displayPath(place.file), range: place.range, newText: edit.newText }] : [];
    }),
    context: fix.context,
  }));
  // An `edit` with nothing to apply (a template that does not spell the text one for one) is not a fix a tool can
  // apply: the format promises edits, so it is left out here; the text explanation still gives its sentence.
  return placed.filter((fix) => fix.kind !== 'edit' || fix.edits.length > 0);
}

/** The explanation as text, each place as `file:line:col` (in the template, for a model built from one). */
export function explanationText(explanation: Explanation): string {
  const fixes = explanation.fixes ? { fixes: applicableFixes(explanation.fixes) } : {};
  return formatExplanationText({ ...explanation, ...fixes }, locate, locateWritten);
}

/**
 * Fixes with each edit as the file a user opens takes it (see `editAsWritten`): one the template cannot take (a new
 * statement in YAML block style) is left out, and the fix keeps its title.
 */
function applicableFixes(fixes: readonly Fix[]): Fix[] {
  return fixes.map((fix) => ({ ...fix, edits: fix.edits.flatMap((edit) => editAsWritten(edit) ?? []) }));
}

/** `template.yaml:22:34` for a span already in the file a user opens (a template's edit is not mapped again). */
function locateWritten(file: string, span: Span | undefined): string {
  const place = span ? rangeIn(file, span) : undefined;
  return place ? `${displayPath(place.file)}:${place.range.start.line + 1}:${place.range.start.character + 1}` : displayPath(file);
}

/**
 * The edit as the file a user opens takes it: an edit of a model built from a template is the template's own edit, as
 * the editor applies it (a YAML plain scalar replaced by a plain scalar, not by the JSON string the built model would
 * take), or undefined when the template writes that text otherwise; any other edit is its file's already.
 */
function editAsWritten(edit: FileEdit): FileEdit | undefined {
  const built = host?.builtModels.get(edit.file);
  if (!built) return edit;
  const taken = built.edit({ span: edit.span, newText: edit.newText });
  return taken ? { file: taken.file, ...taken.edit } : undefined;
}
