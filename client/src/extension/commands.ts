/** The commands of the extension, each a few lines that hand over to the part that does the work. */
import * as vscode from 'vscode';
import type { Prefill } from '../protocol/messages';
import { errorMessage, type ServerApi } from './languageClient';
import { findModels } from './models';
import { SimulatorPanel, type PanelDeps } from './simulatorPanel';

export interface CommandDeps extends PanelDeps {
  readonly server: ServerApi;
  restartServer(): Promise<void>;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('iamPolicy.openSimulator', (prefill?: Prefill) => {
      SimulatorPanel.show(deps, prefill && typeof prefill === 'object' && !(prefill instanceof vscode.Uri) ? prefill : undefined);
    }),
    vscode.commands.registerCommand('iamPolicy.simulateStatement', (prefill?: Prefill) => {
      SimulatorPanel.show(deps, prefill ?? { mode: 'simulate' });
    }),
    vscode.commands.registerCommand('iamPolicy.whoCan', async () => {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
      const prefill: Prefill = { mode: 'whoCan', ...(/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(selected) ? { action: selected } : {}) };
      SimulatorPanel.show(deps, prefill);
    }),
    vscode.commands.registerCommand('iamPolicy.selectModel', async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('IAM Policy Lab loads account models only in a trusted workspace.');
        return;
      }
      const models = await findModels();
      if (models.length === 0) {
        void vscode.window.showInformationMessage('No *.iam-model.json file in this workspace.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        models.map((m) => ({ label: m.label, description: m.configured ? 'iamPolicy.model setting' : '', uri: m.uri })),
        { title: 'Select the account model for the simulator and the policy tests' },
      );
      if (!picked) return;
      try {
        const summary = await deps.server.loadModel({ uri: picked.uri });
        deps.setLastModel(picked.uri);
        void vscode.window.setStatusBarMessage(
          `IAM model ${picked.label}: ${summary.principals.length} principals${summary.errorCount ? `, ${summary.errorCount} errors` : ''}`,
          5000,
        );
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not load ${picked.label}: ${errorMessage(error)}`);
      }
    }),
    vscode.commands.registerCommand('iamPolicy.clearExplanations', () => deps.explanations.clear()),
    vscode.commands.registerCommand('iamPolicy.restartServer', () => deps.restartServer()),
  ];
}
