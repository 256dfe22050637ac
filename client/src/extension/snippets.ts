/** Source text of the statements an evaluation names, so the panel can show them with the deciding element marked. */
import * as vscode from 'vscode';
import type { EvaluateResult } from '../../../server/src/lsp/protocol';
import type { Snippet } from '../protocol/messages';

/** Reads (from the open document, or the file) the text of each deciding statement and near miss. */
export async function statementSnippets(reply: EvaluateResult): Promise<Record<string, Snippet>> {
  const keys = [
    ...reply.result.decidingStatements.map((_, i) => `decidingStatements/${i}`),
    ...reply.result.nearMisses.map((_, i) => `nearMisses/${i}`),
  ];
  const snippets: Record<string, Snippet> = {};
  const documents = new Map<string, vscode.TextDocument | undefined>();
  for (const key of keys) {
    const location = reply.locations[key];
    if (!location) continue;
    let document = documents.get(location.uri);
    if (!documents.has(location.uri)) {
      try {
        document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
      } catch {
        document = undefined;
      }
      documents.set(location.uri, document);
    }
    if (!document) continue;
    const { start, end } = location.range;
    // Whole lines, so the statement reads as it does in the editor; the marks are placed by position.
    const range = new vscode.Range(start.line, 0, end.line, document.lineAt(Math.min(end.line, document.lineCount - 1)).text.length);
    snippets[key] = { text: document.getText(range), start: { line: start.line, character: 0 } };
  }
  return snippets;
}
