/** Applies a counterfactual fix from the panel: one workspace edit (undoable with Undo), shown, and saved. */
import * as vscode from 'vscode';
import type { WireFix } from '../../../server/src/lsp/protocol';

/**
 * Applies an `edit` fix's edits as one WorkspaceEdit, reveals the first in an editor (so the user sees what
 * changed, and Undo there takes it back), and saves the touched files that had no unsaved changes, so every reader
 * (the server reads unsaved documents too, but only those it is told about) evaluates the edited text. Only fixes
 * the server computed reach here: the panel host applies its own copy of the one the webview names. A `context` fix has no edits: the
 * panel changes its own request for those.
 */
export async function applyFix(fix: WireFix): Promise<boolean> {
  if (fix.edits.length === 0) return false;
  // Changes the user had not saved yet stay theirs to save: only files that were clean are saved after the edit.
  const uris = [...new Set(fix.edits.map((e) => e.uri))];
  const dirtyBefore = new Set(
    uris.filter((uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === vscode.Uri.parse(uri).toString() && d.isDirty)),
  );
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
    edit.replace(vscode.Uri.parse(e.uri), range, e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  const first = fix.edits[0];
  if (first) {
    // Beside the panel, which keeps the focus: the user sees the edit and, in the panel, the request run again.
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(first.uri), {
      viewColumn: vscode.ViewColumn.Beside,
      preview: false,
      preserveFocus: true,
    });
    const start = new vscode.Position(first.range.start.line, first.range.start.character);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  for (const uri of uris) {
    if (dirtyBefore.has(uri)) continue;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === vscode.Uri.parse(uri).toString());
    if (document?.isDirty) await document.save();
  }
  return true;
}
