/** The status bar item that shows which account model the server has loaded. Clicking it selects another. */
import * as vscode from 'vscode';
import type { ModelStatus } from '../../../server/src/lsp/protocol';
import { assertNever } from '../../../server/src/iam/policyTypes';

export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('iamPolicy.model', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'IAM Policy Lab: account model';
    this.item.command = 'iamPolicy.selectModel';
    this.update({ state: 'none' });
  }

  update(reported: ModelStatus): void {
    // In restricted mode nothing asks the server for a model, so it reports `none`: say why there is none.
    const status: ModelStatus = reported.state === 'none' && !vscode.workspace.isTrusted ? { state: 'untrusted' } : reported;
    const name = status.modelUri ? vscode.workspace.asRelativePath(vscode.Uri.parse(status.modelUri), false) : undefined;
    this.item.backgroundColor = undefined;
    switch (status.state) {
      case 'none':
        this.item.text = '$(shield) IAM: no model';
        this.item.tooltip = 'No account model loaded. Click to select one (*.iam-model.json).';
        break;
      case 'loading':
        this.item.text = `$(sync~spin) IAM: ${name ?? 'loading'}`;
        this.item.tooltip = 'Loading the account model…';
        break;
      case 'loaded': {
        const summary = status.summary;
        this.item.text = `$(shield) IAM: ${name ?? 'model'}`;
        this.item.tooltip = summary
          ? `Account model ${name}: ${summary.principals.length} principals, ${summary.resources.length} resources` +
            (summary.errorCount > 0 ? `, ${summary.errorCount} errors` : '')
          : `Account model ${name}`;
        if (summary && summary.errorCount > 0) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error':
        this.item.text = `$(error) IAM: ${name ?? 'model'}`;
        this.item.tooltip = status.message ?? 'The account model could not be loaded.';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'untrusted':
        this.item.text = '$(workspace-untrusted) IAM: restricted';
        this.item.tooltip = status.message ?? 'Untrusted workspace: policies are validated, account models are not loaded.';
        break;
      default:
        assertNever(status.state);
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
