/**
 * What every feature gets: the connection, the runtime (catalog, managed policies, files), the open documents with
 * their parse cache, the settings and the logger. Built once in server.ts.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../iam/catalog';
import type { ManagedPolicyStore } from '../iam/model';
import type { HclParse } from '../iam/templates/index';
import type { DocumentCache, ParsedDocument } from './documents';
import type { Logger } from './runSafe';
import type { SettingsStore } from './settings';

/** Reading files from wherever the server runs (the disk for the real server, a map in tests). */
export interface FileAccess {
  /** The file's text, or an error message. Paths are absolute file-system paths. */
  readFile(path: string): string | { readonly error: string };
  /** Resolves `relative` against the folder of `fromFile`; absolute paths come back unchanged. */
  resolve(fromFile: string, relative: string): string;
  /** Files under a folder, bounded (for path completion), `/`-separated; absent where the server cannot list. */
  listFiles?(folder: string): readonly string[];
}

/** Everything the server needs from its host; tests pass in-memory versions. */
export interface ServerRuntime {
  readonly catalog: Catalog;
  /** The bundled AWS managed policies (model references, hovers). */
  readonly managedPolicies?: Pick<ManagedPolicyStore, 'text' | 'byArn'>;
  readonly files: FileAccess;
  /** Timer functions (tests may pass fake ones). */
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Loads the HCL grammar for Terraform files (WASM, Node only); absent where it cannot run. */
  readonly hclParser?: () => Promise<HclParse>;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly runtime: ServerRuntime;
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: DocumentCache;
  readonly settings: SettingsStore;
  readonly logger: Logger;
  /** False in an untrusted workspace: validate, but never load account models. */
  readonly trusted: boolean;
  /** The open document's parse, or undefined when it is not open. */
  parsed(uri: string): ParsedDocument | undefined;
}
