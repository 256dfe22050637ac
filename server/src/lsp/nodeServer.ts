/**
 * Starts the language server in a Node process: over stdio (`--stdio`) or Node IPC (`--node-ipc`), as
 * vscode-languageserver's createConnection() reads them from the command line. Used by the bundle entry (main.ts,
 * which the VS Code client starts) and by `iam-policy-lab lsp --stdio`.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { collectLogFiles, readLogFile } from '../node/activityFiles';
import { loadCatalog } from '../node/catalogFiles';
import { readFileAtRevision } from '../node/gitFiles';
import { loadHclParser } from '../node/hclParser';
import { loadManagedPolicyStore } from '../node/managedPolicyFiles';
import { createNodeModelHost } from '../node/modelFiles';
import { terraformFilesOf } from '../node/terraformFiles';
import { listWorkspaceFiles } from '../node/workspaceFiles';
import type { ServerRuntime } from './context';
import { guardedStdinReader } from './frameGuard';
import { startServer } from './server';

export function nodeRuntime(): ServerRuntime {
  const host = createNodeModelHost();
  return {
    catalog: loadCatalog(),
    managedPolicies: loadManagedPolicyStore(),
    files: {
      readFile: (path) => host.readFile(path),
      resolve: (from, relative) => host.resolve(from, relative),
      terraformFiles: terraformFilesOf,
      listFiles: listWorkspaceFiles,
    },
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    hclParser: loadHclParser,
    logs: { collect: collectLogFiles, read: (path) => readLogFile(path) },
    fileAtRevision: readFileAtRevision,
  };
}

/** Connects over the transport named on the command line and serves until the client says `exit`. */
export function runNodeServer(): void {
  // Over stdio the reader is ours, to end the process on a broken frame (see frameGuard.ts); IPC carries whole messages.
  const connection = process.argv.includes('--stdio')
    ? createConnection(
        ProposedFeatures.all,
        guardedStdinReader(new StreamMessageReader(process.stdin), (why) => {
          process.stderr.write(`iam-policy-lab lsp: stopping: ${why}\n`);
          process.exit(1);
        }),
        new StreamMessageWriter(process.stdout),
      )
    : createConnection(ProposedFeatures.all);
  startServer(connection, nodeRuntime());
  connection.listen();
}
