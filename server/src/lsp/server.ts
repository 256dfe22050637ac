/**
 * The language server, independent of how it is connected: `startServer(connection, runtime)` wires every feature
 * to a connection. main.ts calls it over stdio or IPC with the Node runtime; tests call it over in-memory streams
 * with a tiny catalog and a map of files.
 *
 * It is built in named parts: the shared state (`createServerState`), the handshake (`registerLifecycle`), the
 * diagnostics in both models, pull and push (`registerDiagnostics`), and the requests on one document
 * (`registerDocumentRequests`). Every handler runs through `runSafe` (cancellation, logging with context, neutral
 * fallback), so one bad document never stops the server.
 */
import type {
  CancellationToken,
  Connection,
  InitializeError,
  InitializeParams,
  InitializeResult,
  DocumentDiagnosticReport,
  Position,
} from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification, LSPErrorCodes, TextDocuments, TextDocumentSyncKind, ResponseError } from './lspValues';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AssistEnvironment } from '../iam/assist';
import type { ServerContext, ServerRuntime } from './context';
import { DocumentCache, type ParsedDocument, type PolicyUnit } from './documents';
import { inferPolicyType } from '../iam/validator';
import { completion } from './features/completion';
import { Validation } from './features/diagnostics';
import { TemplatePolicies } from './features/templates';
import { codeActions, CODE_ACTION_KINDS } from './features/codeActions';
import { registerCatalogLookups } from './features/catalogLookups';
import { foldingRanges, outlineFoldingRanges } from './features/folding';
import { formatDocument } from './features/formatting';
import { hover } from './features/hover';
import { documentLinks } from './features/links';
import { modelNameDefinition } from './features/modelNames';
import { ModelManager } from './features/models';
import { registerSimulation } from './features/simulation';
import { registerActivity } from './features/activity';
import { documentSymbols, outlineSymbols } from './features/symbols';
import { statementUnit } from './features/largePolicy';
import { toOffset } from './convert';
import type { InitializationOptions } from './protocol';
import { runSafe, runSafeNotification, type Logger } from './runSafe';
import { SettingsStore } from './settings';
import { uriToPath } from './uris';

export type { ServerRuntime } from './context';

/** What the client said it can do, learnt at `initialize`. */
interface ClientAbilities {
  pullDiagnostics: boolean;
  pullConfiguration: boolean;
  snippets: boolean;
  trusted: boolean;
  watchFiles: boolean;
  refreshDiagnostics: boolean;
}

/** Everything the parts below share: built once per server. */
interface ServerState {
  readonly ctx: ServerContext;
  readonly client: ClientAbilities;
  readonly validation: Validation;
  readonly models: ModelManager;
  readonly templates: TemplatePolicies;
  /** Diagnostics of every open document again (after settings, models or the HCL grammar changed); set by registerDiagnostics. */
  refreshAll: () => void;
  readonly env: () => AssistEnvironment;
  /** Starts loading the HCL grammar, once: called when the first Terraform file opens. */
  readonly wantGrammar: () => void;
  /** Runs a document handler on one of our documents; others get the fallback. */
  withDocument<T>(
    name: string,
    uri: string,
    fallback: T,
    token: CancellationToken | undefined,
    handler: (doc: ParsedDocument) => T | Promise<T>,
  ): Promise<T | ResponseError<void>>;
}

export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  const state = createServerState(connection, runtime, documents);
  registerLifecycle(state);
  registerDiagnostics(state);
  registerDocumentRequests(state);
  registerSimulation(state.ctx, state.models);
  registerActivity(state.ctx, state.models);
  registerCatalogLookups(state.ctx);
  documents.listen(connection);
}

/**
 * The HCL grammar (WASM, for Terraform files) is loaded when the first Terraform file opens, not at start: loading it
 * took main-thread time that the first diagnostics of every other file waited behind.
 */
function grammarOnDemand(runtime: ServerRuntime): { runtime: ServerRuntime; want: () => void } {
  const load = runtime.hclParser;
  if (load === undefined) return { runtime, want: () => undefined };
  let want = (): void => undefined;
  const wanted = new Promise<void>((resolve) => (want = resolve));
  return { runtime: { ...runtime, hclParser: () => wanted.then(load) }, want: () => want() };
}

function createServerState(connection: Connection, givenRuntime: ServerRuntime, documents: TextDocuments<TextDocument>): ServerState {
  const { runtime, want: wantGrammar } = grammarOnDemand(givenRuntime);
  const cache = new DocumentCache();
  const logger: Logger = { error: (message) => connection.console.error(message) };
  const client: ClientAbilities = {
    pullDiagnostics: false,
    pullConfiguration: false,
    snippets: false,
    trusted: true,
    watchFiles: false,
    refreshDiagnostics: false,
  };
  const settings = new SettingsStore(connection, () => client.pullConfiguration);
  const ctx: ServerContext = {
    connection,
    runtime,
    documents,
    cache,
    settings,
    logger,
    get trusted() {
      return client.trusted;
    },
    parsed(uri) {
      const document = documents.get(uri);
      return document === undefined ? undefined : cache.get(document);
    },
  };
  const validation = new Validation(ctx);
  const models = new ModelManager(ctx, wantGrammar);
  validation.addSource((doc) => models.diagnostics(doc));
  // Templates (CloudFormation, SAM, Terraform): re-validated once the HCL grammar has loaded.
  const templates = new TemplatePolicies(ctx, () => state.refreshAll());
  validation.addSource((doc) => templates.diagnostics(doc));
  const state: ServerState = {
    ctx,
    client,
    validation,
    models,
    templates,
    wantGrammar,
    // Replaced by registerDiagnostics, which knows how this client gets its diagnostics.
    refreshAll: () => undefined,
    env: () => ({
      catalog: runtime.catalog,
      principals: models.knownPrincipals(),
      managedPolicyText: (arn) => runtime.managedPolicies?.text(arn),
      managedPolicyVersion: (arn) => runtime.managedPolicies?.byArn(arn),
    }),
    withDocument(name, uri, fallback, token, handler) {
      return runSafe(logger, { context: `${name} ${uri}`, token, fallback: { value: fallback } }, () => {
        const doc = ctx.parsed(uri);
        if (doc === undefined || doc.kind === 'none') return fallback;
        return handler(doc);
      });
    },
  };
  return state;
}

/** `initialize` (capabilities both ways, trust, settings, the workspace root) and `initialized`. */
function registerLifecycle({ ctx, client, models }: ServerState): void {
  const { connection, logger, settings } = ctx;
  // Through the same guard as every handler: a malformed `initialize` is logged and answered with an error.
  connection.onInitialize(async (params: InitializeParams, token) => {
    const answer = await runSafe(logger, { context: 'initialize', token }, (): InitializeResult => initialize(params));
    return answer instanceof ResponseError ? new ResponseError<InitializeError>(answer.code, answer.message, { retry: false }) : answer;
  });

  function initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities ?? {};
    client.pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    client.pullConfiguration = capabilities.workspace?.configuration === true;
    client.snippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    const options = params.initializationOptions as InitializationOptions | null | undefined;
    // Only the boolean `true` (or no value at all) trusts: a string "false", or anything else, does not.
    client.trusted = options?.trusted === undefined || options.trusted === true;
    settings.setInitial(options?.iamPolicy);
    client.watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    client.refreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    models.setWorkspaceRoot(root !== undefined && root !== null ? uriToPath(root) : undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', '{', '/', '$'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS] },
        documentSymbolProvider: true,
        definitionProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentLinkProvider: { resolveProvider: false },
        ...(client.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'iam-policy-lab' },
    };
  }

  connection.onInitialized(() => {
    runSafeNotification(logger, 'initialized', async () => {
      // Models and test files read policy files and exports: hear about every JSON file that changes on disk.
      if (client.watchFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{json,jsonc}' }] });
      }
      await models.initialized();
    });
  });
  connection.onDidChangeWatchedFiles((params) => {
    runSafeNotification(logger, 'didChangeWatchedFiles', () => models.filesChanged(params.changes.map((c) => c.uri)));
  });
}

/**
 * Diagnostics: pulled when the client asks, else pushed after a debounce (at once when a document opens). A large
 * policy file is validated in slices (features/largePolicy.ts): requests on other documents are answered meanwhile,
 * and work on a version that has been replaced stops without publishing (a pull gets ServerCancelled and asks again).
 */
function registerDiagnostics(state: ServerState): void {
  registerPulledDiagnostics(state);
  const pushes = diagnosticsPushes(state);
  registerDocumentEvents(state, pushes);
  const { ctx, client, models } = state;
  const { connection, settings, logger } = ctx;
  const refreshAll = (): void => {
    if (!client.pullDiagnostics) {
      for (const document of ctx.documents.all()) pushes.push(document.uri);
    } else if (client.refreshDiagnostics) {
      // Only clients that said they support it may be asked to pull again.
      runSafeNotification(logger, 'diagnostics refresh', () => connection.languages.diagnostics.refresh());
    }
  };
  state.refreshAll = refreshAll;
  settings.onDidChange(() => {
    refreshAll();
    runSafeNotification(logger, 'configuration', () => models.settingsChanged());
  });
  models.onDidChange(refreshAll);
}

function registerPulledDiagnostics(state: ServerState): void {
  const { ctx, validation } = state;
  ctx.connection.languages.diagnostics.on(async (params, token) => {
    const report = await state.withDocument<DocumentDiagnosticReport>(
      'diagnostics',
      params.textDocument.uri,
      { kind: 'full', items: [] },
      token,
      async (doc) => ({
        kind: 'full',
        items: await validation.diagnostics(doc),
      }),
    );
    // A cancelled or superseded pull is retried by the client when told so; a pull superseded by a newer version of its
    // document is cancelled by the server, the code the specification gives a pull to retrigger.
    if (!(report instanceof ResponseError)) return report;
    const code = report.code === LSPErrorCodes.ContentModified ? LSPErrorCodes.ServerCancelled : report.code;
    return new ResponseError(code, report.message, { retriggerRequest: true });
  });
}

/** Pushed diagnostics (for clients that do not pull): one debounce timer per document. */
interface DiagnosticsPushes {
  /** Validates the document now and publishes, unless it changed or closed meanwhile. */
  push(uri: string): void;
  /** Pushes after `delay` ms, replacing a push already waiting. */
  schedule(uri: string, delay: number): void;
  /** Drops the push waiting for a document that closed. */
  cancel(uri: string): void;
}

function diagnosticsPushes(state: ServerState): DiagnosticsPushes {
  const { ctx, validation } = state;
  const { connection, logger, runtime } = ctx;
  const timers = new Map<string, unknown>();
  const push = (uri: string): void => {
    timers.delete(uri);
    runSafeNotification(logger, `diagnostics ${uri}`, async () => {
      const doc = ctx.parsed(uri);
      if (doc === undefined) return;
      const diagnostics = doc.kind === 'none' ? [] : await validation.diagnostics(doc);
      // The document may have changed or closed while validating: only publish for the current version.
      if (ctx.parsed(uri)?.version !== doc.version) return;
      await connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    });
  };
  const cancel = (uri: string): void => {
    const pending = timers.get(uri);
    if (pending !== undefined) runtime.clearTimeout(pending);
    timers.delete(uri);
  };
  const schedule = (uri: string, delay: number): void => {
    cancel(uri);
    timers.set(
      uri,
      runtime.setTimeout(() => push(uri), delay),
    );
  };
  return { push, schedule, cancel };
}

/** Opening, editing and closing a document: caches dropped, and (for clients that do not pull) diagnostics pushed. */
function registerDocumentEvents(state: ServerState, pushes: DiagnosticsPushes): void {
  const { ctx, client, validation, models, templates } = state;
  const { connection, documents, cache, settings, logger } = ctx;
  // A document's first diagnostics go out at once (opening a file should not wait); later ones are debounced.
  const published = new Set<string>();
  const forget = (uri: string): void => {
    cache.delete(uri);
    validation.forget(uri);
    templates.forget(uri);
  };
  // A document opened again starts at version 1 again: drop what was cached for its previous life.
  documents.onDidOpen((event) => {
    forget(event.document.uri);
    if (ctx.parsed(event.document.uri)?.template?.kind === 'terraform') state.wantGrammar();
  });
  documents.onDidChangeContent((event) => {
    models.documentChanged(event.document.uri);
    if (client.pullDiagnostics) return;
    const uri = event.document.uri;
    // The open .tf files of the same module read this one: theirs are published again too (pull clients re-pull).
    for (const dependent of templates.dependents(uri))
      if (published.has(dependent))
        settings.current().then(
          (current) => pushes.schedule(dependent, current.diagnosticsDelay),
          () => undefined,
        );
    if (!published.has(uri)) {
      published.add(uri);
      pushes.push(uri);
      return;
    }
    settings.current().then(
      (current) => pushes.schedule(uri, current.diagnosticsDelay),
      (error: unknown) => logger.error(`IAM Policy Lab: settings: ${String(error)}`),
    );
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    pushes.cancel(uri);
    published.delete(uri);
    forget(uri);
    if (!client.pullDiagnostics) runSafeNotification(logger, `clear diagnostics ${uri}`, () => connection.sendDiagnostics({ uri, diagnostics: [] }));
  });
}

/**
 * Requests on one document: completion, hover, code actions, symbols, folding, formatting, definitions and links. A
 * large policy file (ParsedDocument.large) has no tree: its symbols and folding come from its outline, completion and
 * hover work on the statement under the position, and formatting is left out rather than hold up every request.
 */
function registerDocumentRequests(state: ServerState): void {
  const { ctx, client, validation, models, templates, env, withDocument } = state;
  const { connection, settings, runtime } = ctx;
  /** A large policy file answers with the statement under the position as its one unit (see largePolicy.ts). */
  const withStatementUnit = async (doc: ParsedDocument, position: Position): Promise<ParsedDocument> => {
    if (doc.large !== true) return doc;
    const unit = statementUnit(doc, await validation.outline(doc), toOffset(doc, position));
    return { ...doc, units: unit === undefined ? [] : [unit] };
  };
  connection.onCompletion((params, token) =>
    withDocument('completion', params.textDocument.uri, { isIncomplete: false, items: [] }, token, async (whole) => {
      if (whole.kind === 'template') return templates.completion(whole, params.position, env());
      const doc = await withStatementUnit(whole, params.position);
      // A policy gets only the elements and keys its type allows: the type its place says (a role's trust policy in a
      // model), the type the settings name, or a trust policy its text shows (a principal and only role-assumption
      // actions). Other inferred types are not trusted here: a bucket policy being typed has no Principal yet and
      // would pass for an identity policy, which may not have one.
      const policyType = (await settings.current()).policyType;
      const typeOf = (unit: PolicyUnit) => {
        if (unit.type !== undefined) return unit.type;
        if (policyType !== 'auto') return policyType;
        return inferPolicyType(unit.parsed.document) === 'trust' ? 'trust' : undefined;
      };
      return completion(doc, params, env(), client.snippets, typeOf, models);
    }),
  );
  connection.onHover((params, token) =>
    withDocument('hover', params.textDocument.uri, null, token, async (doc) => {
      if (doc.kind === 'template') return templates.hover(doc, params.position, env());
      if (doc.large === true) {
        // The type the settings name; the validator's inferred type is not computed for a statement alone.
        const policyType = (await settings.current()).policyType;
        return hover(await withStatementUnit(doc, params.position), params.position, env(), () => (policyType === 'auto' ? undefined : policyType));
      }
      // A policy inside a model has its type; a policy file's is the one its validation inferred.
      const current = await settings.current();
      const typeOf = (unit: PolicyUnit) => unit.type ?? validation.validations(doc, current).find((v) => v.unit === unit)?.result.type;
      return hover(doc, params.position, env(), typeOf);
    }),
  );
  connection.onCodeAction((params, token) =>
    withDocument('codeAction', params.textDocument.uri, [], token, async (doc) => [
      ...codeActions(
        doc,
        params,
        validation.validationsAt(doc, await settings.current(), { start: toOffset(doc, params.range.start), end: toOffset(doc, params.range.end) }),
        runtime.catalog,
      ),
      ...(await templates.codeActions(doc, params)),
    ]),
  );
  connection.onDocumentSymbol((params, token) =>
    withDocument('documentSymbol', params.textDocument.uri, [], token, async (doc) =>
      doc.large === true ? outlineSymbols(doc, await validation.outline(doc)) : documentSymbols(doc),
    ),
  );
  connection.onFoldingRanges((params, token) =>
    withDocument('foldingRange', params.textDocument.uri, [], token, async (doc) =>
      doc.large === true ? outlineFoldingRanges(doc, await validation.outline(doc)) : foldingRanges(doc),
    ),
  );
  connection.onDocumentFormatting((params, token) =>
    // Templates are YAML or HCL as often as JSON: the JSON formatter stays out of them. A large policy file would
    // hold the server for seconds with hundreds of thousands of edits: it is left as it is.
    withDocument('formatting', params.textDocument.uri, [], token, (doc) =>
      doc.kind === 'template' || doc.large === true ? [] : formatDocument(doc, params.options),
    ),
  );
  connection.onDefinition((params, token) =>
    withDocument('definition', params.textDocument.uri, null, token, (doc) => modelNameDefinition(doc, params.position, models)),
  );
  connection.onDocumentLinks((params, token) => withDocument('documentLink', params.textDocument.uri, [], token, (doc) => documentLinks(doc, runtime.files)));
}
