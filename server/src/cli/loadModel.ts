// What simulate, test and who-can share: loading a model from the file system with the managed-policy snapshot,
// printing its diagnostics as file:line:col lines, parsing --context, and turning spans into `file:line:col`.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ContextValue } from '../iam/evaluator';
import type { ExplainedStatement, Explanation, Fix } from '../iam/explain';
import type { LoadedModel, ManagedPolicyLookup, ModelDiagnostic } from '../iam/model';
import { loadModel } from '../iam/model';
import { LineIndex, type Span } from '../iam/span';
import { loadManagedPolicyStore } from '../node/managedPolicyFiles';
import { createNodeModelHost } from '../node/modelFiles';
import { readRegularFile } from '../node/regularFile';
import { templateModelHost, type HclParse, type TemplateModelHost } from '../iam/templates/index';
import { loadHclParser } from '../node/hclParser';
import { progressLine } from './progress';

let host: TemplateModelHost | undefined;

/** The file-system host, with the AWS managed policy snapshot when the installation has one. */
export function cliModelHost(): TemplateModelHost {
  if (host) return host;
  let managed: ManagedPolicyLookup | undefined;
  try {
    managed = loadManagedPolicyStore();
    // The store reads lazily: touch the index now so a broken installation shows up here, not mid-load.
    managed.list?.();
  } catch {
    managed = undefined;
  }
  // Templates named as models (`--model template.yaml`, a test file's "model", a Terraform folder) are read as the
  // model built from them.
  host = templateModelHost(createNodeModelHost(managed), {
    parse: () => hclParse,
    terraformFiles: (path) => {
      try {
        if (!statSync(path).isDirectory()) return undefined;
        return readdirSync(path).filter((name) => name.endsWith('.tf') && !name.startsWith('.')).sort().map((name) => join(path, name));
      } catch {
        return undefined;
      }
    },
  });
  return host;
}

let hclParse: HclParse | undefined;

/**
 * Loads the HCL grammar when a model path is a Terraform folder or .tf file (WASM loads asynchronously, model
 * reading is synchronous): call before loading such a model. Other paths cost nothing.
 */
export async function prepareModelPath(path: string): Promise<void> {
  if (hclParse) return;
  let terraform = path.endsWith('.tf');
  try {
    terraform ||= statSync(path).isDirectory();
    // A model file that names a Terraform folder or .tf file as its template.
    // Read through the regular-file guard: a FIFO or a device named as the model must not block here.
    const read = !terraform && path.endsWith('.json') ? readRegularFile(path) : undefined;
    if (read?.ok) {
      const template = /"template"\s*:\s*"([^"]*)"/.exec(read.bytes.subarray(0, 4096).toString('utf8'))?.[1];
      terraform = template !== undefined && (template.endsWith('.tf') || !/\.[A-Za-z0-9]+$/.test(template));
    }
  } catch {
    // A missing path is reported when the model is read.
  }
  if (terraform) hclParse = await loadHclParser();
}

/** A path as the user sees it: relative to the working directory when that is shorter and inside it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

const lineIndexes = new Map<string, LineIndex | undefined>();

function lineIndex(file: string): LineIndex | undefined {
  if (!lineIndexes.has(file)) {
    // Through the same guard as every other read: a diagnostic about `/dev/zero` or a FIFO must print its message,
    // not read forever to find a line number.
    const read = readRegularFile(file);
    const index = read.ok ? new LineIndex(read.bytes.toString('utf8')) : undefined;
    lineIndexes.set(file, index);
  }
  return lineIndexes.get(file);
}

/** Zero-based start and end positions of a span in a file, as LSP and `check --format json` write them. */
export function rangeOf(file: string, span: Span): { start: { line: number; character: number }; end: { line: number; character: number } } | undefined {
  if (host?.builtModels.has(file)) return undefined;
  const index = lineIndex(file);
  if (!index) return undefined;
  return { start: index.position(span.offset), end: index.position(span.offset + span.length) };
}

/** `policies/dev.json:7:5`, one-based as compilers print; just the path when the span is unknown. */
export function locate(file: string, span: Span | undefined): string {
  const shown = displayPath(file);
  // A model built from a template: the span is in the built JSON, which no one can open.
  if (!span || host?.builtModels.has(file)) return shown;
  const range = rangeOf(file, span);
  return range ? `${shown}:${range.start.line + 1}:${range.start.character + 1}` : shown;
}

export function formatModelDiagnostic(d: ModelDiagnostic): string {
  return `${locate(d.file, d.span)} ${d.severity} ${d.code} ${d.message}`;
}

export interface CliModel {
  readonly model: LoadedModel;
  /** True when the model had errors (they have been printed to stderr). */
  readonly failed: boolean;
}

/**
 * Loads the model and prints its diagnostics to stderr. Errors make the input invalid (exit 2 for the caller);
 * warnings are printed and the command goes on.
 */
export function loadModelForCli(command: string, path: string): CliModel {
  const progress = progressLine(command);
  progress.update(`loading ${path}…`);
  const { model, diagnostics } = loadModel(path, cliModelHost());
  progress.done();
  let failed = false;
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'hint' || diagnostic.severity === 'info') continue;
    if (diagnostic.severity === 'error') failed = true;
    process.stderr.write(`iam-policy-lab ${command}: ${formatModelDiagnostic(diagnostic)}\n`);
  }
  return { model, failed };
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
    const range = file !== undefined && s.span ? rangeOf(file, s.span) : undefined;
    return {
      policy: s.policy.name,
      policyType: s.policy.type,
      ...(s.policy.arn !== undefined ? { policyArn: s.policy.arn } : {}),
      ...(file !== undefined ? { file: displayPath(file) } : {}),
      ...(s.policy.attachedTo !== undefined ? { attachedTo: s.policy.attachedTo } : {}),
      effect: s.effect,
      statementIndex: s.statementIndex,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      ...(range ? { range } : {}),
      headline: s.headline,
      reasons: s.reasons.map((r) => {
        const reasonRange = file !== undefined && r.span ? rangeOf(file, r.span) : undefined;
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
  return fixes.map((fix) => ({
    title: fix.title,
    kind: fix.kind,
    edits: fix.edits.flatMap((edit) => {
      const range = rangeOf(edit.file, edit.span);
      return range ? [{ file: displayPath(edit.file), range, newText: edit.newText }] : [];
    }),
    context: fix.context,
  }));
}
