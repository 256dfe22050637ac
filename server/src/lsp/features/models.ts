/**
 * The account models the server has loaded. It owns them (the client never evaluates anything), reloads them when
 * one of their files changes (workspace/didChangeWatchedFiles), tells the client with `iamPolicy/modelStatus`, and
 * reports the loader's diagnostics for model and test files. In an untrusted workspace it loads nothing.
 */
import type { Diagnostic, Location } from 'vscode-languageserver';
import { modelEntities } from '../../iam/assist';
import { PrincipalsTheModelLacks, testFileAgainstModel } from '../../iam/assist';
import type { KnownPrincipal } from '../../iam/assist';
import { loadModel, loadTestFile } from '../../iam/model/index';
import {
  principalArn,
  principalDeclarationSpans,
  requesterLabel,
  requesters,
  type LoadedModel,
  type ModelDiagnostic,
  type ModelPrincipal,
} from '../../iam/model';
import type { BuiltModelText, HclParse, TemplateModelHost } from '../../iam/templates/index';
import type { ServerContext } from '../context';
import { positioned, toRange, toSeverity, type Placer, type Positioned } from '../convert';
import { LARGE_DOCUMENT_CHARS, type ParsedDocument } from '../documents';
import { WorkspaceFileList } from './workspaceFiles';
import { ErrorCodes, Notifications, type ModelStatus, type ModelSummary, type WireDiagnostic } from '../protocol';
import { RequestFailure } from '../runSafe';
import { templateModelHostOnDemand } from '../../iam/templateModelHostOnDemand';
import { templateReaders } from '../../node/templateReaders';
import { pathToUri, uriToPath } from '../uris';

/** A principal a test may name, as completion offers it. */
/** A test file and the model it names, as written in its `"model"`. */
export interface TestModel {
  readonly uri: string;
  readonly model: string;
}

export interface RequesterChoice {
  readonly arn: string;
  readonly label: string;
}

export interface LoadedEntry {
  readonly path: string;
  readonly uri: string;
  readonly model: LoadedModel;
  readonly diagnostics: readonly ModelDiagnostic[];
  readonly files: ReadonlySet<string>;
}

/** The user or role a test's principal stands for, read as the run reads it (principalByName.ts); a session, its role. */
function declaredPrincipal(model: LoadedModel, written: string): ModelPrincipal | undefined {
  const session = /^([^/:]+)\/[^/]+$/.exec(written);
  const named = principalArn(model, session?.[1] ?? written);
  return 'arn' in named ? model.principal(named.arn) : undefined;
}

const UNTRUSTED_MESSAGE = 'This workspace is not trusted: IAM Policy Lab validates policies but does not load account models. Trust the workspace to simulate.';

export class ModelManager {
  private current: LoadedEntry | undefined;
  /** Other models loaded by explicit uri (test files name their own), kept for reuse until a file changes. */
  private readonly others = new Map<string, LoadedEntry>();
  /**
   * Files edited in an open document since the entries that read them were loaded. The host reads open documents
   * first, so an unsaved edit (a fix applied from the panel, a statement typed) counts; the entry is read again on
   * its next use, not on every keystroke.
   */
  private readonly edited = new Set<string>();
  private status: ModelStatus = { state: 'none' };
  private readonly listeners: (() => void)[] = [];
  private configuredModel: string | undefined;
  private workspaceRoot: string | undefined;
  private readonly fileDiagnostics = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  /** The built text of each template a loaded model was built from, by path (bounded by the files models read). */
  private readonly builtTexts = new Map<string, BuiltModelText>();

  /** The HCL grammar, for a Terraform folder or .tf file named as a model; loads asynchronously (WASM). */
  private hclParse: HclParse | undefined;
  private readonly hclLoading: Promise<void> | undefined;
  private readonly fileList: WorkspaceFileList;

  /** A model asked for the grammar before it had loaded: read the models again once it has. */
  private grammarMissed = false;

  /**
   * @param wantGrammar starts loading the HCL grammar, which the server loads only once something needs it (a
   * Terraform file opens, or a model is or includes a Terraform folder).
   */
  constructor(
    private readonly ctx: ServerContext,
    private readonly wantGrammar: () => void = () => undefined,
  ) {
    this.fileList = new WorkspaceFileList(ctx.runtime.files);
    this.hclLoading = ctx.runtime.hclParser?.().then(
      (parse) => {
        this.hclParse = parse;
        if (this.grammarMissed) this.grammarArrived();
      },
      () => undefined,
    );
  }

  /** Models read while the grammar was missing said so: read them again with it. */
  private grammarArrived(): void {
    this.grammarMissed = false;
    this.others.clear();
    // The open models and test files said the grammar was missing: their diagnostics are worked out again.
    this.fileDiagnostics.clear();
    if (this.current !== undefined && this.ctx.trusted) {
      const entry = this.read(this.current.path);
      this.current = entry;
      this.setStatus({ state: 'loaded', modelUri: entry.uri, summary: this.summary(entry) });
    }
    this.fire();
  }

  /** The HCL grammar if it has loaded; else asks for it (the model is read again when it arrives). */
  private hclParseNow(): HclParse | undefined {
    if (this.hclParse === undefined && this.hclLoading !== undefined) {
      this.grammarMissed = true;
      this.wantGrammar();
    }
    return this.hclParse;
  }

  /** The files a path in `document` (a model or test file) may name: the workspace's, or its folder's outside one. */
  filesNear(document: string): readonly string[] {
    const root = this.workspaceRoot;
    const inside = root !== undefined && document.startsWith(root.endsWith('/') ? root : `${root}/`);
    return this.fileList.list(inside ? root : document.slice(0, document.lastIndexOf('/')));
  }

  setWorkspaceRoot(root: string | undefined): void {
    this.workspaceRoot = root;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  getStatus(): ModelStatus {
    return this.status;
  }

  /** Reads files through the open documents first, so unsaved edits count. */
  host(): TemplateModelHost {
    const runtime = this.ctx.runtime;
    const managed = runtime.managedPolicies;
    // A template named as a model (in the settings or a test file) is read as the model built from it.
    return templateModelHostOnDemand(
      {
        readFile: (path) => this.readText(path),
        resolve: (from, relative) => runtime.files.resolve(from, relative),
        ...(managed !== undefined ? { managedPolicies: { text: (arn: string) => managed.text(arn) } } : {}),
      },
      runtime.files.terraformFiles ? { parse: () => this.hclParseNow(), terraformFiles: (folder) => runtime.files.terraformFiles?.(folder) } : undefined,
      () => templateReaders().templateModelHost,
    );
  }

  /** A file as it is now: the open document's text first, else the file's. */
  private readText(path: string): string | { readonly error: string } {
    const open = this.ctx.documents.get(pathToUri(path));
    return open !== undefined ? open.getText() : this.ctx.runtime.files.readFile(path);
  }

  /**
   * Where a span of a loaded model's file is for the user (see convert.ts `Placer`): a model built from a template
   * maps it into the template, and an edit only where the template can take it.
   */
  readonly place: Placer = (file, span, newText) => {
    const built = this.builtTexts.get(file);
    if (!built) return { file, span };
    if (newText === undefined) return built.source(span);
    const mapped = built.edit({ span, newText });
    return mapped ? { file: mapped.file, span: mapped.edit.span, newText: mapped.edit.newText } : undefined;
  };

  async initialized(): Promise<void> {
    await this.settingsChanged();
  }

  async settingsChanged(): Promise<void> {
    const settings = await this.ctx.settings.current();
    if (settings.model === this.configuredModel) return;
    this.configuredModel = settings.model;
    if (settings.model === undefined || !this.ctx.trusted) {
      if (!this.ctx.trusted && settings.model !== undefined) this.setStatus({ state: 'untrusted', message: UNTRUSTED_MESSAGE });
      return;
    }
    const path =
      this.workspaceRoot !== undefined ? this.ctx.runtime.files.resolve(`${this.workspaceRoot}/.`, uriToPath(settings.model)) : uriToPath(settings.model);
    // A Terraform folder or .tf file is built with the HCL grammar: wait for it (it is loading since the start).
    if (path.endsWith('.tf') || this.ctx.runtime.files.terraformFiles?.(path) !== undefined) {
      this.wantGrammar();
      await this.hclLoading;
    }
    this.load(pathToUri(path));
  }

  /** Loads (or reloads) a model and makes it the current one. */
  load(uri: string): ModelSummary {
    this.requireTrust();
    const path = uriToPath(uri);
    this.setStatus({ state: 'loading', modelUri: uri });
    const entry = this.read(path);
    this.current = entry;
    this.others.delete(path);
    const summary = this.summary(entry);
    this.setStatus({ state: 'loaded', modelUri: entry.uri, summary });
    this.fire();
    return summary;
  }

  /** An open document changed: the models that read it are read again when next asked for. */
  documentChanged(uri: string): void {
    if (!uri.startsWith('file:')) return;
    const path = uriToPath(uri);
    const reads = (entry: LoadedEntry | undefined) => entry !== undefined && entry.files.has(path);
    if (reads(this.current) || [...this.others.values()].some(reads)) this.edited.add(path);
  }

  /** Drops what an edit made stale: other entries are read again on demand, the current one now (and announced). */
  private refreshEdited(): void {
    if (this.edited.size === 0) return;
    const stale = (entry: LoadedEntry) => [...entry.files].some((f) => this.edited.has(f));
    for (const [path, entry] of this.others) if (stale(entry)) this.others.delete(path);
    if (this.current !== undefined && stale(this.current)) {
      const entry = this.read(this.current.path);
      this.current = entry;
      this.setStatus({ state: 'loaded', modelUri: entry.uri, summary: this.summary(entry) });
    }
    this.edited.clear();
  }

  /** The model for a request: the given one (loaded on demand), else the current one. */
  modelFor(uri: string | undefined, options: { readonly fresh?: boolean } = {}): LoadedEntry {
    this.requireTrust();
    this.refreshEdited();
    if (uri !== undefined) {
      const path = uriToPath(uri);
      // Test runs read the files as they are now (open documents included), never a stale load.
      if (options.fresh === true) return this.read(path);
      if (this.current?.path === path) return this.current;
      let entry = this.others.get(path);
      if (entry === undefined) {
        entry = this.read(path);
        this.others.set(path, entry);
      }
      return entry;
    }
    if (this.current !== undefined) return this.current;
    throw new RequestFailure(
      ErrorCodes.noModel,
      'No account model is loaded: open a *.iam-model.json file and run "IAM Policy: Load Account Model", or set iamPolicy.model.',
    );
  }

  summary(entry: LoadedEntry): ModelSummary {
    const entities = modelEntities(entry.model, this.ctx.runtime.catalog);
    const diagnostics = this.wireDiagnostics(entry.diagnostics);
    return {
      modelUri: entry.uri,
      ...entities,
      principals: entities.principals,
      diagnosticsCount: diagnostics.length,
      errorCount: entry.diagnostics.filter((d) => d.severity === 'error').length,
      diagnostics,
    };
  }

  knownPrincipals(): readonly KnownPrincipal[] {
    return this.current?.model.principals() ?? [];
  }

  /**
   * Everyone a test's model can put in its `principal`, in the words every face uses: the model the test file names
   * (`test.model`, relative to `test.uri`), else the current one.
   */
  requesterChoices(test?: TestModel): readonly RequesterChoice[] {
    const model = this.entryOfTest(test)?.model;
    return model ? requesters(model).map((r) => ({ arn: r.arn, label: requesterLabel(r) })) : [];
  }

  /**
   * Where a test's model (as for requesterChoices) declares a user or role (the key of its entry), for go-to-definition.
   * The principal as a test may write it: an ARN, a name the model makes unique (`app-reader`), or `ROLE/SESSION`
   * (its role's declaration).
   */
  principalDeclaration(written: string, test?: TestModel): Location | undefined {
    const entry = this.entryOfTest(test);
    const principal = entry ? declaredPrincipal(entry.model, written) : undefined;
    if (!entry || !principal) return undefined;
    const placed = this.placeDeclaration(entry, principal) ?? this.placeOwnPolicy(entry.path, principal);
    const file = placed ? this.positionedFile(placed.file) : undefined;
    return placed && file ? { uri: pathToUri(placed.file), range: toRange(file, placed.span) } : undefined;
  }

  /**
   * The key of the principal's entry in the model file, or, in a model built from a template (named directly or in
   * an account's `templates`), the logical id of the resource that declares it.
   */
  private placeDeclaration(entry: LoadedEntry, principal: ModelPrincipal): ReturnType<Placer> {
    for (const file of new Set([entry.path, ...entry.model.files()])) {
      const built = this.builtTexts.get(file);
      const text = built?.text ?? (file === entry.path ? this.host().readFile(file) : undefined);
      const span = typeof text === 'string' ? principalDeclarationSpans(text, principal)[0] : undefined;
      if (span === undefined) continue;
      const placed = built ? built.declaration(span) : { file, span };
      if (placed) return placed;
    }
    return undefined;
  }

  private placeOwnPolicy(modelPath: string, principal: ModelPrincipal): ReturnType<Placer> {
    for (const ref of [principal.trustPolicy, ...principal.identityPolicies]) {
      const source = ref?.source;
      if (source?.file !== modelPath || source.span === undefined || !this.builtTexts.has(modelPath)) continue;
      const placed = this.place(modelPath, source.span);
      if (placed) return placed;
    }
    return undefined;
  }

  /**
   * The model a test file names, loaded on demand; the current model when the test names none or it cannot be had
   * (an untrusted workspace, an unreadable path): completion and go-to-definition then answer from what is loaded.
   */
  private entryOfTest(test: TestModel | undefined): LoadedEntry | undefined {
    if (test !== undefined && this.ctx.trusted) {
      try {
        return this.modelFor(pathToUri(this.host().resolve(uriToPath(test.uri), test.model)));
      } catch {
        // Fall back to the current model below.
      }
    }
    return this.current;
  }

  /** Reloads every loaded model that read one of these files. */
  filesChanged(uris: readonly string[]): void {
    this.fileList.forget();
    const paths = new Set(uris.map(uriToPath));
    let changed = false;
    for (const [path, entry] of this.others) {
      if ([...entry.files].some((f) => paths.has(f))) this.others.delete(path);
    }
    this.fileDiagnostics.clear();
    if (this.current !== undefined && [...this.current.files].some((f) => paths.has(f)) && this.ctx.trusted) {
      const entry = this.read(this.current.path);
      this.current = entry;
      this.setStatus({ state: 'loaded', modelUri: entry.uri, summary: this.summary(entry) });
      changed = true;
    }
    if (changed || paths.size > 0) this.fire();
  }

  /** The loader's diagnostics for a model or test file, at this version of its text. */
  diagnostics(doc: ParsedDocument): Diagnostic[] {
    if ((doc.kind !== 'model' && doc.kind !== 'test') || !this.ctx.trusted) return [];
    const known = this.fileDiagnostics.get(doc.uri);
    if (known !== undefined && known.version === doc.version) return known.diagnostics;
    const path = uriToPath(doc.uri);
    const host = this.host();
    let found: readonly ModelDiagnostic[];
    if (doc.kind === 'model') {
      const { model, diagnostics } = loadModel(path, host);
      // The policies written in the model file only, and not at each edit of a large one (`check` says it there), each
      // from the parse the document already has.
      const lacks = new PrincipalsTheModelLacks(model, path, host.builtModels);
      if (doc.text.length < LARGE_DOCUMENT_CHARS) {
        for (const unit of doc.units) {
          if (unit.type === undefined) continue;
          const policy = { span: { offset: unit.base, length: unit.length }, type: unit.type, label: unit.label };
          if (lacks.wants(policy, unit.parsed.text)) lacks.read(policy, unit.parsed);
        }
      }
      found = [...diagnostics, ...lacks.diagnostics()];
    } else {
      const tests = loadTestFile(path, host);
      found = tests.diagnostics;
      if (tests.testFile.model !== undefined) {
        const model = loadModel(tests.testFile.model, host);
        found = [...found, ...testFileAgainstModel(tests.testFile, model, this.ctx.runtime.catalog)];
      }
    }
    const diagnostics = found
      .filter((d) => d.file === path)
      .map((d) => ({
        range: toRange(doc, d.span),
        severity: toSeverity(d.severity),
        message: d.message,
        code: d.code,
        source: 'iam-policy-lab',
        // The one thing meant, carried to the quick fix (codeActions.ts) with the diagnostic itself.
        ...(d.replacement !== undefined ? { data: { replacement: d.replacement } } : {}),
      }));
    this.fileDiagnostics.set(doc.uri, { version: doc.version, diagnostics });
    return diagnostics;
  }

  /** Text with line index of any file the model read (open documents first, templates as written), for converting spans. */
  positionedFile(path: string): Positioned | undefined {
    const text = this.readText(path);
    return typeof text === 'string' ? positioned(text) : undefined;
  }

  private wireDiagnostics(diagnostics: readonly ModelDiagnostic[]): WireDiagnostic[] {
    const files = new Map<string, Positioned | undefined>();
    return diagnostics.map((d) => {
      const placed = this.place(d.file, d.span) ?? { file: d.file, span: { offset: 0, length: 0 } };
      if (!files.has(placed.file)) files.set(placed.file, this.positionedFile(placed.file));
      const file = files.get(placed.file);
      const range = file !== undefined ? toRange(file, placed.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { uri: pathToUri(placed.file), range, severity: d.severity, message: d.message, code: d.code };
    });
  }

  /** Whether a loaded model was built from templates, in part or whole (its principals are named as they built them). */
  builtFromTemplates(entry: LoadedEntry): boolean {
    return [entry.path, ...entry.model.files()].some((file) => this.builtTexts.has(file));
  }

  private read(path: string): LoadedEntry {
    const host = this.host();
    const { model, diagnostics } = loadModel(path, host);
    // The templates it was built from, as read now: later spans of this model are placed through them.
    for (const file of [path, ...model.files()]) {
      const built = host.builtModels.get(file);
      if (built) this.builtTexts.set(file, built);
      else this.builtTexts.delete(file);
    }
    // A Terraform model read every .tf file of its folder: an edit of any of them reloads it.
    const folder = path.endsWith('.tf') ? path.slice(0, Math.max(0, path.lastIndexOf('/'))) : path;
    const moduleFiles = host.builtModels.has(path) ? (this.ctx.runtime.files.terraformFiles?.(folder) ?? []) : [];
    return { path, uri: pathToUri(path), model, diagnostics, files: new Set([path, ...model.files(), ...moduleFiles]) };
  }

  private requireTrust(): void {
    if (!this.ctx.trusted) {
      this.setStatus({ state: 'untrusted', message: UNTRUSTED_MESSAGE });
      throw new RequestFailure(ErrorCodes.untrusted, UNTRUSTED_MESSAGE);
    }
  }

  private setStatus(status: ModelStatus): void {
    this.status = status;
    this.ctx.connection
      .sendNotification(Notifications.modelStatus, status)
      .catch((error: unknown) => this.ctx.logger.error(`IAM Policy Lab: modelStatus: ${String(error)}`));
  }

  private fire(): void {
    for (const listener of this.listeners) listener();
  }
}
