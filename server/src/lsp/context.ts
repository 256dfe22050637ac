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
  /** The .tf files of a folder, or undefined when it is not one (absent: Terraform is read file by file). */
  terraformFiles?(folder: string): readonly string[] | undefined;
  /** Files under a folder, bounded (for path completion), `/`-separated; absent where the server cannot list. */
  listFiles?(folder: string): readonly string[];
}

/** CloudTrail logs on disk (Node only): folders walked for log files, files read and gunzipped. */
export interface LogAccess {
  /** The log files of the files and folders given, and one line per path that could not be used. */
  collect(paths: readonly string[]): { readonly files: readonly string[]; readonly errors: readonly string[] };
  read(path: string): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };
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
  /** CloudTrail logs (replay, generate); absent where there is no file system. */
  readonly logs?: LogAccess;
  /** A file as it is at a git revision (Node only), to compare a policy with its committed version. */
  readonly fileAtRevision?: (file: string, revision: string) => { readonly text: string } | { readonly absent: true } | { readonly error: string };
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
