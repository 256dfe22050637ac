/**
 * Runs the language server in memory over a real JSON-RPC connection pair: the server is `startServer` on
 * vscode-languageserver's createConnection over two in-memory streams, the client is a vscode-jsonrpc connection
 * over the other ends. No editor, no process; files come from a map.
 */
import { PassThrough } from 'node:stream';
import { posix } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, InitializeResult, Position, Range, TextEdit } from 'vscode-languageserver';
import type { Catalog } from '../../../server/src/iam/catalog/types';
import type { ServerRuntime } from '../../../server/src/lsp/context';
import { startServer } from '../../../server/src/lsp/server';
import { tinyCatalog } from '../helpers/tinyCatalog';

export interface HarnessOptions {
  readonly catalog?: Catalog;
  readonly files?: Record<string, string>;
  /** Client capabilities: pull diagnostics (default true) and snippets (default true). */
  readonly pull?: boolean;
  readonly snippets?: boolean;
  readonly trusted?: boolean;
  readonly settings?: Record<string, unknown>;
  readonly managedPolicies?: ServerRuntime['managedPolicies'];
  /** False for clients that cannot answer workspace/configuration (default true). */
  readonly configuration?: boolean;
  /** Extra initialization options (merged with `trusted`). */
  readonly initializationOptions?: Record<string, unknown>;
  /** The HCL grammar loader, for Terraform files (absent: .tf files get no diagnostics). */
  readonly hclParser?: ServerRuntime['hclParser'];
  /** CloudTrail logs and git revisions, for the activity requests (absent: those requests say they cannot read). */
  readonly logs?: ServerRuntime['logs'];
  readonly fileAtRevision?: ServerRuntime['fileAtRevision'];
}

export interface Harness {
  readonly client: MessageConnection;
  readonly initializeResult: InitializeResult;
  readonly pushed: Map<string, Diagnostic[]>;
  /** Every publishDiagnostics, in the order received, with the version it was published for. */
  readonly published: { uri: string; version: number | undefined; diagnostics: Diagnostic[] }[];
  readonly notifications: { method: string; params: unknown }[];
  readonly logs: string[];
  /** How many times the server asked the client to pull diagnostics again. */
  readonly refreshes: () => number;
  readonly files: Map<string, string>;
  open(uri: string, text: string, languageId?: string): Promise<void>;
  change(uri: string, text: string): Promise<void>;
  diagnostics(uri: string): Promise<Diagnostic[]>;
  completion(uri: string, position: Position): Promise<CompletionItem[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  codeActions(uri: string, range: Range, diagnostics?: Diagnostic[]): Promise<CodeAction[]>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const files = new Map(Object.entries(options.files ?? {}));
  const runtime: ServerRuntime = {
    catalog: options.catalog ?? tinyCatalog(),
    files: {
      readFile: (path) => files.get(path) ?? { error: 'no such file' },
      resolve: (from, relative) => (relative.startsWith('/') ? relative : posix.resolve(posix.dirname(from), relative)),
      terraformFiles: (folder) => {
        const inside = [...files.keys()].filter((path) => posix.dirname(path) === folder);
        const isFolder = [...files.keys()].some((path) => path.startsWith(`${folder}/`));
        return isFolder ? inside.filter((path) => path.endsWith('.tf')).sort() : undefined;
      },
      listFiles: (folder) => [...files.keys()].filter((path) => path.startsWith(`${folder}/`)).sort(),
    },
    ...(options.managedPolicies !== undefined ? { managedPolicies: options.managedPolicies } : {}),
    ...(options.hclParser !== undefined ? { hclParser: options.hclParser } : {}),
    ...(options.logs !== undefined ? { logs: options.logs } : {}),
    ...(options.fileAtRevision !== undefined ? { fileAtRevision: options.fileAtRevision } : {}),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(connection, runtime);
  connection.listen();

  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const pushed = new Map<string, Diagnostic[]>();
  const published: Harness['published'] = [];
  const notifications: { method: string; params: unknown }[] = [];
  const logs: string[] = [];
  client.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
    pushed.set(params.uri, params.diagnostics);
    published.push({ uri: params.uri, version: params.version, diagnostics: params.diagnostics });
  });
  client.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
  });
  client.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
  });
  client.onRequest('workspace/configuration', () => [options.settings ?? {}]);
  client.onRequest('client/registerCapability', () => null);
  let refreshes = 0;
  client.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    return null;
  });
  client.listen();

  const initializeResult: InitializeResult = await client.sendRequest('initialize', {
    processId: null,
    rootUri: 'file:///work',
    capabilities: {
      workspace: {
        configuration: options.configuration !== false,
        didChangeWatchedFiles: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
      },
      textDocument: {
        ...(options.pull !== false ? { diagnostic: { dynamicRegistration: false } } : {}),
        completion: { completionItem: { snippetSupport: options.snippets !== false } },
      },
    },
    initializationOptions: { trusted: options.trusted !== false, ...options.initializationOptions },
  });
  await client.sendNotification('initialized', {});
  const versions = new Map<string, number>();

  return {
    client,
    initializeResult,
    pushed,
    published,
    notifications,
    logs,
    refreshes: () => refreshes,
    files,
    async open(uri, text, languageId = 'json') {
      versions.set(uri, 1);
      await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    async change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async diagnostics(uri) {
      const report: { items: Diagnostic[] } = await client.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      return report.items;
    },
    async completion(uri, position) {
      const list: CompletionList | null = await client.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      return list?.items ?? [];
    },
    hover(uri, position) {
      return client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    },
    codeActions(uri, range, diagnostics = []) {
      return client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    },
    async close() {
      await client.sendRequest('shutdown');
      client.dispose();
      connection.dispose();
      toServer.destroy();
      toClient.destroy();
    },
  };
}

/** Splits `text with a | caret` into the text and the caret's position. */
export function caret(marked: string): { text: string; offset: number; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no caret');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, position: positionAt(text, offset) };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += (lines[i] ?? '').length + 1;
  return offset + position.character;
}

/** Applies text edits (non-overlapping) to a text, the way an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, offsetAt(text, edit.range.start)) + edit.newText + result.slice(offsetAt(text, edit.range.end));
  }
  return result;
}

/** A snippet as the editor would leave it when the user accepts every default: placeholders become their text. */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

/** Applies one completion item's edit (snippets expanded with their defaults). */
export function applyCompletion(text: string, item: CompletionItem): string {
  const edit = item.textEdit;
  if (edit === undefined || !('range' in edit)) throw new Error(`item ${item.label} has no textEdit with a range`);
  const newText = item.insertTextFormat === 2 ? expandSnippet(edit.newText) : edit.newText;
  return applyEdits(text, [{ range: edit.range, newText }]);
}

/** What VS Code shows for a completion list: the items whose filter text matches the typed prefix. */
export function visible(text: string, position: Position, items: readonly CompletionItem[]): CompletionItem[] {
  const cursor = offsetAt(text, position);
  return items.filter((item) => {
    const edit = item.textEdit;
    if (edit === undefined || !('range' in edit)) return true;
    const typed = text.slice(offsetAt(text, edit.range.start), cursor).toLowerCase();
    const filter = (item.filterText ?? item.label).toLowerCase();
    return filter.startsWith(typed) || fuzzy(typed, filter);
  });
}

function fuzzy(typed: string, filter: string): boolean {
  let i = 0;
  for (const c of filter) if (c === typed[i]) i++;
  return i === typed.length;
}

export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A diagnostic's message as text (LSP 3.18 allows markup there too). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
