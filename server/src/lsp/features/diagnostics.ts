/**
 * Diagnostics: the validator's findings for every policy unit of a document (a policy file, or each policy embedded
 * in a model or export), plus the model loader's diagnostics for model and test files. Pulled by clients that support
 * `textDocument/diagnostic`, pushed after a short debounce otherwise. Results are cached per document version and
 * settings, and code actions read the same cache.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity, MessageType, ShowMessageNotification } from '../lspValues';
import { ALL_RULES, validatePolicy, type ValidationResult } from '../../iam/validator';
import type { ServerContext } from '../context';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from '../convert';
import { LARGE_DOCUMENT_CHARS, type ParsedDocument, type PolicyUnit } from '../documents';
import { LargePolicies } from './largePolicy';
import { TimeSlicer } from '../timeSlice';
import type { Settings } from '../settings';

export { LARGE_DOCUMENT_CHARS } from '../documents';
const CHEAP_RULES = ALL_RULES.filter((rule) => ['jsonSyntax', 'jsonComment', 'invalidCharacter', 'duplicateKey', 'policySize'].includes(rule.id));

/**
 * The time one version of one document may spend in the validator. The server answers requests one at a time, so
 * this is also the longest a keystroke in a huge document can delay a request on another document; rules still
 * unrun when it is spent are skipped, and a finding says which (the CLI runs them all). A 512 KB document, the
 * largest fully checked, takes about a third of it.
 */
export const DOCUMENT_TIME_BUDGET_MS = 500;

/**
 * Documents up to this size (above the largest policy AWS accepts, a 32 KB key policy) always get every rule: they
 * are fast whatever their content, and a slow moment of the machine (a cold catalog, a busy CPU) must not turn
 * their diagnostics into a notice that checks were skipped.
 */
export const BUDGETED_DOCUMENT_CHARS = 64 * 1024;

/**
 * At most this many diagnostics per document (a broken 10 MB file could have hundreds of thousands); a last one says
 * how many more there are.
 */
export const MAX_DIAGNOSTICS = 1000;

export function isLargeDocument(doc: ParsedDocument): boolean {
  return doc.text.length > LARGE_DOCUMENT_CHARS;
}

/** A large document of many policies (a model, an export): its policies are validated in time slices. */
function isSliced(doc: ParsedDocument): boolean {
  return isLargeDocument(doc) && doc.units.length > 1;
}

export interface UnitValidation {
  readonly unit: PolicyUnit;
  readonly result: ValidationResult;
}

interface CacheEntry {
  readonly version: number;
  readonly settings: Settings;
  readonly validations: readonly UnitValidation[];
}

/** Extra diagnostics for a document beyond its policies (the model loader's, for models and test files). */
export type DiagnosticSource = (doc: ParsedDocument) => Promise<Diagnostic[]> | Diagnostic[];

export class Validation {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly extraSources: DiagnosticSource[] = [];
  private readonly announced = new Set<string>();
  private readonly large: LargePolicies;
  /** The settings each document's latest diagnostics were asked with: a sliced run with older ones stops. */
  private readonly latestSettings = new Map<string, Settings>();

  constructor(private readonly ctx: ServerContext) {
    this.large = new LargePolicies(ctx.runtime.catalog, (doc) => ctx.documents.get(doc.uri)?.version === doc.version);
  }

  addSource(source: DiagnosticSource): void {
    this.extraSources.push(source);
  }

  /** The validator's results for each policy unit of the document, computed once per version and settings. */
  validations(doc: ParsedDocument, settings: Settings): readonly UnitValidation[] {
    const known = this.cached(doc, settings);
    if (known !== undefined) return known;
    const rules = isLargeDocument(doc) ? CHEAP_RULES : ALL_RULES;
    const started = Date.now();
    const expired = doc.text.length > BUDGETED_DOCUMENT_CHARS ? (): boolean => Date.now() - started > DOCUMENT_TIME_BUDGET_MS : undefined;
    const validations = doc.units.map((unit) => ({
      unit,
      result: validatePolicy(unit.parsed, {
        type: unit.type ?? settings.policyType,
        catalog: this.ctx.runtime.catalog,
        severities: settings.rules,
        rules,
        ...(expired ? { expired } : {}),
      }),
    }));
    this.entries.set(doc.uri, { version: doc.version, settings, validations });
    return validations;
  }

  /**
   * The same for a large model or export, read in time slices: its policies are parsed as they are validated, and
   * requests on other documents are answered in between (opening a 15 MB model held the server four seconds). Rejects
   * with `Superseded` when a newer version arrives meanwhile. Only the cheap rules run on a large document, so the
   * time budget of `validations` is not needed here.
   */
  private async slicedValidations(doc: ParsedDocument, settings: Settings): Promise<readonly UnitValidation[]> {
    // Stale once the document changed, or the settings did (a run with the new ones has started meanwhile).
    const slicer = new TimeSlicer(() => this.ctx.documents.get(doc.uri)?.version === doc.version && this.latestSettings.get(doc.uri) === settings);
    const known = this.cached(doc, settings);
    if (known !== undefined) {
      slicer.ensureCurrent();
      return known;
    }
    const validations: UnitValidation[] = [];
    for (const unit of doc.units) {
      validations.push({ unit, result: validatePolicy(unit.parsed, this.largeOptions(unit, settings)) });
      await slicer.checkpoint();
    }
    slicer.ensureCurrent();
    this.entries.set(doc.uri, { version: doc.version, settings, validations });
    return validations;
  }

  /**
   * The validations a request at `span` of the document reads (code actions): all of them, but for a large document
   * read in slices, only those of the policies the span touches until the slices have read them all; never kept, so
   * that the slices' complete answer is the one cached. Reading every policy of a 15 MB model for a code action would
   * bring back the stall the slices avoid.
   */
  validationsAt(doc: ParsedDocument, settings: Settings, span: { readonly start: number; readonly end: number }): readonly UnitValidation[] {
    if (!isSliced(doc)) return this.validations(doc, settings);
    return (
      this.cached(doc, settings) ??
      doc.units
        .filter((unit) => unit.base <= span.end && unit.base + unit.length >= span.start)
        .map((unit) => ({ unit, result: validatePolicy(unit.parsed, this.largeOptions(unit, settings)) }))
    );
  }

  /** The validations computed for this version of the document with these settings, if they are. */
  private cached(doc: ParsedDocument, settings: Settings): readonly UnitValidation[] | undefined {
    const known = this.entries.get(doc.uri);
    return known !== undefined && known.version === doc.version && known.settings === settings ? known.validations : undefined;
  }

  private largeOptions(unit: PolicyUnit, settings: Settings): Parameters<typeof validatePolicy>[1] {
    return { type: unit.type ?? settings.policyType, catalog: this.ctx.runtime.catalog, severities: settings.rules, rules: CHEAP_RULES };
  }

  async diagnostics(doc: ParsedDocument): Promise<Diagnostic[]> {
    const settings = await this.ctx.settings.current();
    this.latestSettings.set(doc.uri, settings);
    const diagnostics: Diagnostic[] = [];
    if (doc.large === true) {
      // Read in slices; rejects with Superseded when a newer version arrives meanwhile (runSafe answers for it).
      for (const { base, finding } of await this.large.findings(doc, settings)) diagnostics.push(toDiagnostic(doc, finding, base));
    }
    for (const { unit, result } of isSliced(doc) ? await this.slicedValidations(doc, settings) : this.validations(doc, settings)) {
      for (const finding of result.findings) diagnostics.push(toDiagnostic(doc, finding, unit.base));
    }
    for (const source of this.extraSources) diagnostics.push(...(await source(doc)));
    if (isLargeDocument(doc) && (doc.units.length > 0 || doc.large === true)) {
      diagnostics.unshift(largeDocumentDiagnostic(doc));
      this.announceLarge(doc);
    }
    return capped(diagnostics);
  }

  /** Where the statements of a large policy file are (see largePolicy.ts). */
  outline(doc: ParsedDocument): ReturnType<LargePolicies['outline']> {
    return this.large.outline(doc);
  }

  /** Says once per document (per server life) why most checks are off, besides the diagnostic that stays. */
  private announceLarge(doc: ParsedDocument): void {
    if (this.announced.has(doc.uri)) return;
    this.announced.add(doc.uri);
    const raw = doc.uri.slice(doc.uri.lastIndexOf('/') + 1);
    let name = raw;
    try {
      name = decodeURIComponent(raw);
    } catch {
      // A client sent an unescaped `%`: show the name as it came.
    }
    // A notification, not a request: there is nothing to answer, and every client shows it.
    void this.ctx.connection
      .sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `IAM Policy Lab: ${largeDocumentMessage(name, doc)}` })
      .then(undefined, (error: unknown) => this.ctx.logger.error(`IAM Policy Lab: showMessage: ${String(error)}`));
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.latestSettings.delete(uri);
    this.large.forget(uri);
  }
}

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS - 1);
  const more = diagnostics.length - shown.length;
  shown.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: 'moreFindings',
    message: `${more} more findings in this document are not listed; run \`iam-policy-lab check\` on it for all of them.`,
  });
  return shown;
}

function largeDocumentMessage(name: string, doc: ParsedDocument): string {
  const megabytes = (doc.text.length / (1024 * 1024)).toFixed(1);
  const cheap = 'JSON syntax, comments, characters, duplicate keys and size';
  if (doc.kind !== 'policy') {
    // Models and exports are big by nature: say what is checked, without calling the size a mistake.
    return `${name} is ${megabytes} MB: while it is above ${LARGE_DOCUMENT_CHARS / 1024} KB, the ${doc.units.length} policies inside it are checked only for ${cheap}, so that editing stays fast.`;
  }
  return (
    `${name} is ${megabytes} MB, far above any policy size AWS accepts. While editing, only ${cheap} are checked above ` +
    `${LARGE_DOCUMENT_CHARS / 1024} KB; run \`iam-policy-lab check\` on it for every rule.`
  );
}

function largeDocumentDiagnostic(doc: ParsedDocument): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: 'largeDocument',
    message: largeDocumentMessage('This document', doc),
  };
}
