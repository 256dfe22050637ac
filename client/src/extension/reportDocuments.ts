/**
 * Read-only report documents (`iam-policy-report:` URIs) for what the activity commands find: an AccessDenied
 * explained, a generated policy's proof, a no-new-access diff. Read-only, so closing one never asks to save it.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'iam-policy-report';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** Shows `markdown` in the report named `name` (one document per name, replaced by each new report). */
  async show(name: string, markdown: string, column: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.md` });
    this.contents.set(uri.path, markdown);
    this.changed.fire(uri);
    // The `.md` name makes it markdown.
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
