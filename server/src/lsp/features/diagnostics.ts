/**
 * Diagnostics: the validator's findings for every policy unit of a document (a policy file, or each policy embedded
 * in a model or export), plus the model loader's diagnostics for model and test files. Pulled by clients that support
 * `textDocument/diagnostic`, pushed after a short debounce otherwise. Results are cached per document version and
 * settings, and code actions read the same cache.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { validatePolicy, type ValidationResult } from '../../iam/validator/validatePolicy';
import type { ServerContext } from '../context';
import { toDiagnostic } from '../convert';
import type { ParsedDocument, PolicyUnit } from '../documents';
import type { Settings } from '../settings';

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

  constructor(private readonly ctx: ServerContext) {}

  addSource(source: DiagnosticSource): void {
    this.extraSources.push(source);
  }

  /** The validator's results for each policy unit of the document, computed once per version and settings. */
  validations(doc: ParsedDocument, settings: Settings): readonly UnitValidation[] {
    const known = this.entries.get(doc.uri);
    if (known !== undefined && known.version === doc.version && known.settings === settings) return known.validations;
    const validations = doc.units.map((unit) => ({
      unit,
      result: validatePolicy(unit.parsed, {
        type: unit.type ?? settings.policyType,
        catalog: this.ctx.runtime.catalog,
        severities: settings.rules,
      }),
    }));
    this.entries.set(doc.uri, { version: doc.version, settings, validations });
    return validations;
  }

  async diagnostics(doc: ParsedDocument): Promise<Diagnostic[]> {
    const settings = await this.ctx.settings.current();
    const diagnostics: Diagnostic[] = [];
    for (const { unit, result } of this.validations(doc, settings)) {
      for (const finding of result.findings) diagnostics.push(toDiagnostic(doc, finding, unit.base));
    }
    for (const source of this.extraSources) diagnostics.push(...(await source(doc)));
    return diagnostics;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
