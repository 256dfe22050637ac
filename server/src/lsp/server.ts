/**
 * The language server, independent of how it is connected: `startServer(connection, runtime)` wires every feature
 * to a connection. main.ts calls it over stdio or IPC with the Node runtime; tests call it over in-memory streams
 * with a tiny catalog and a map of files.
 *
 * Every handler runs through `runSafe` (cancellation, logging with context, neutral fallback), so one bad document
 * never stops the server.
 */
import {
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  type CancellationToken,
  type Connection,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver';
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
import { foldingRanges } from './features/folding';
import { formatDocument } from './features/formatting';
import { hover } from './features/hover';
import { documentLinks } from './features/links';
import { modelNameDefinition } from './features/modelNames';
import { ModelManager } from './features/models';
import { registerSimulation } from './features/simulation';
import { documentSymbols } from './features/symbols';
import type { InitializationOptions } from './protocol';
import { runSafe, runSafeNotification, type Logger } from './runSafe';
import { SettingsStore } from './settings';
import { uriToPath } from './uris';

export type { ServerRuntime } from './context';

export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  const logger: Logger = { error: (message) => connection.console.error(message) };
  let pullDiagnostics = false;
  let pullConfiguration = false;
  let snippets = false;
  let trusted = true;
  let watchFiles = false;
  let refreshDiagnostics = false;

  const settings = new SettingsStore(connection, () => pullConfiguration);
  const ctx: ServerContext = {
    connection,
    runtime,
    documents,
    cache,
    settings,
    logger,
    get trusted() {
      return trusted;
    },
    parsed(uri) {
      const document = documents.get(uri);
      return document === undefined ? undefined : cache.get(document);
    },
  };
  const validation = new Validation(ctx);
  const models = new ModelManager(ctx);
  validation.addSource((doc) => models.diagnostics(doc));
  // Templates (CloudFormation, SAM, Terraform): re-validated once the HCL grammar has loaded (refreshAll below).
  const templates = new TemplatePolicies(ctx, () => refreshAll());
  validation.addSource((doc) => templates.diagnostics(doc));
  const env = (): AssistEnvironment => ({
    catalog: runtime.catalog,
    principals: models.knownPrincipals(),
    managedPolicyText: (arn) => runtime.managedPolicies?.text(arn),
    managedPolicyVersion: (arn) => runtime.managedPolicies?.byArn(arn),
  });

  /** Runs a document handler on one of our documents; others get the fallback. */
  function withDocument<T>(name: string, uri: string, fallback: T, token: CancellationToken | undefined, handler: (doc: ParsedDocument) => T | Promise<T>) {
    return runSafe(logger, { context: `${name} ${uri}`, token, fallback: { value: fallback } }, () => {
      const doc = ctx.parsed(uri);
      if (doc === undefined || doc.kind === 'none') return fallback;
      return handler(doc);
    });
  }

  // Through the same guard as every handler: a malformed `initialize` is logged and answered with an error.
  connection.onInitialize(async (params: InitializeParams, token) => {
    const answer = await runSafe(logger, { context: 'initialize', token }, (): InitializeResult => initialize(params));
    return answer instanceof ResponseError ? new ResponseError<InitializeError>(answer.code, answer.message, { retry: false }) : answer;
  });

  function initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities ?? {};
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    pullConfiguration = capabilities.workspace?.configuration === true;
    snippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    const options = params.initializationOptions as InitializationOptions | null | undefined;
    // Only the boolean `true` (or no value at all) trusts: a string "false", or anything else, does not.
    trusted = options?.trusted === undefined || options.trusted === true;
    settings.setInitial(options?.iamPolicy);
    watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    refreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
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
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'iam-policy-lab' },
    };
  }

  connection.onInitialized(() => {
    runSafeNotification(logger, 'initialized', async () => {
      // Models and test files read policy files and exports: hear about every JSON file that changes on disk.
      if (watchFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{json,jsonc}' }] });
      }
      await models.initialized();
    });
  });

  // Diagnostics: pull when the client asks, else push after a debounce (immediately when a document opens).
  connection.languages.diagnostics.on(async (params, token) => {
    const report = await withDocument<DocumentDiagnosticReport>('diagnostics', params.textDocument.uri, { kind: 'full', items: [] }, token, async (doc) => ({
      kind: 'full',
      items: await validation.diagnostics(doc),
    }));
    // A cancelled pull is retried by the client when told so.
    return report instanceof ResponseError ? new ResponseError(report.code, report.message, { retriggerRequest: true }) : report;
  });
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
  const schedule = (uri: string, delay: number): void => {
    const pending = timers.get(uri);
    if (pending !== undefined) runtime.clearTimeout(pending);
    timers.set(uri, runtime.setTimeout(() => push(uri), delay));
  };
  // A document's first diagnostics go out at once (opening a file should not wait); later ones are debounced.
  const published = new Set<string>();
  // A document opened again starts at version 1 again: drop what was cached for its previous life.
  documents.onDidOpen((event) => {
    cache.delete(event.document.uri);
    validation.forget(event.document.uri);
    templates.forget(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    models.documentChanged(event.document.uri);
    if (pullDiagnostics) return;
    const uri = event.document.uri;
    if (!published.has(uri)) {
      published.add(uri);
      push(uri);
      return;
    }
    settings.current().then((current) => schedule(uri, current.diagnosticsDelay), (error: unknown) => logger.error(`IAM Policy Lab: settings: ${String(error)}`));
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const pending = timers.get(uri);
    if (pending !== undefined) runtime.clearTimeout(pending);
    timers.delete(uri);
    published.delete(uri);
    cache.delete(uri);
    validation.forget(uri);
    templates.forget(uri);
    if (!pullDiagnostics) runSafeNotification(logger, `clear diagnostics ${uri}`, () => connection.sendDiagnostics({ uri, diagnostics: [] }));
  });
  const refreshAll = (): void => {
    if (!pullDiagnostics) {
      for (const document of documents.all()) push(document.uri);
    } else if (refreshDiagnostics) {
      // Only clients that said they support it may be asked to pull again.
      runSafeNotification(logger, 'diagnostics refresh', () => connection.languages.diagnostics.refresh());
    }
  };
  settings.onDidChange(() => {
    refreshAll();
    runSafeNotification(logger, 'configuration', () => models.settingsChanged());
  });
  models.onDidChange(refreshAll);

  connection.onCompletion((params, token) =>
    withDocument('completion', params.textDocument.uri, { isIncomplete: false, items: [] }, token, async (doc) => {
      if (doc.kind === 'template') return templates.completion(doc, params.position, env());
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
      return completion(doc, params, env(), snippets, typeOf, models);
    }),
  );
  connection.onHover((params, token) =>
    withDocument('hover', params.textDocument.uri, null, token, async (doc) => {
      if (doc.kind === 'template') return templates.hover(doc, params.position, env());
      const validations = validation.validations(doc, await settings.current());
      return hover(doc, params.position, env(), (unit) => validations.find((v) => v.unit === unit)?.result.type);
    }),
  );
  connection.onCodeAction((params, token) =>
    withDocument('codeAction', params.textDocument.uri, [], token, async (doc) => [
      ...codeActions(doc, params, validation.validations(doc, await settings.current()), runtime.catalog),
      ...(await templates.codeActions(doc, params)),
    ]),
  );
  connection.onDocumentSymbol((params, token) =>
    withDocument('documentSymbol', params.textDocument.uri, [], token, (doc) => documentSymbols(doc)),
  );
  connection.onFoldingRanges((params, token) =>
    withDocument('foldingRange', params.textDocument.uri, [], token, (doc) => foldingRanges(doc)),
  );
  connection.onDocumentFormatting((params, token) =>
    // Templates are YAML or HCL as often as JSON: the JSON formatter stays out of them.
    withDocument('formatting', params.textDocument.uri, [], token, (doc) => (doc.kind === 'template' ? [] : formatDocument(doc, params.options))),
  );
  connection.onDefinition((params, token) =>
    withDocument('definition', params.textDocument.uri, null, token, (doc) => modelNameDefinition(doc, params.position, models)),
  );
  connection.onDocumentLinks((params, token) =>
    withDocument('documentLink', params.textDocument.uri, [], token, (doc) => documentLinks(doc, runtime.files)),
  );
  connection.onDidChangeWatchedFiles((params) => {
    runSafeNotification(logger, 'didChangeWatchedFiles', () => models.filesChanged(params.changes.map((c) => c.uri)));
  });
  registerSimulation(ctx, models);
  registerCatalogLookups(ctx);

  documents.listen(connection);
}
