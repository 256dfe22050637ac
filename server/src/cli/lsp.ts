// `iam-policy-lab lsp --stdio`: the language server for any LSP client (Neovim, Helix, Emacs, Sublime, VS Code).
import { runNodeServer } from '../lsp/nodeServer';

export const summary = 'start the language server (LSP over --stdio, or --node-ipc)';

export async function run(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: iam-policy-lab lsp --stdio\n\nStarts the IAM Policy Lab language server on standard input and output.\n');
    return 0;
  }
  if (!args.includes('--stdio') && !args.includes('--node-ipc') && !args.some((a) => a.startsWith('--socket'))) {
    process.stderr.write('iam-policy-lab lsp: choose a transport: --stdio (or --node-ipc when started by an editor over IPC)\n');
    return 2;
  }
  runNodeServer();
  // The server runs until the client sends `exit`, which ends the process; never resolve before that.
  return new Promise<number>(() => undefined);
}
