/** "Simulate with this statement" over every statement of a policy: opens the panel with the form filled in. */
import * as vscode from 'vscode';
import type { Prefill } from '../protocol/messages';
import { statementsOf } from './policyText';

const MAX_POLICY_TEXT = 1024 * 1024;

export class StatementLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // No policy comes near this size (an authorization-details export does): do not parse megabytes on every change.
    if (document.getText().length > MAX_POLICY_TEXT) return [];
    return statementsOf(document.getText()).map((s) => {
      const position = document.positionAt(s.offset);
      const prefill: Prefill = {
        mode: 'simulate',
        // A wildcard action is not a request; leave the field for the user then.
        ...(s.action && !/[*?]/.test(s.action) ? { action: s.action } : {}),
        ...(s.resource ? { resource: s.resource } : {}),
        ...(s.conditionKeys.length > 0 ? { context: Object.fromEntries(s.conditionKeys.map((k) => [k, ''])) } : {}),
      };
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: '$(debug-alt) Simulate with this statement',
        command: 'iamPolicy.simulateStatement',
        arguments: [prefill],
        tooltip: 'Open the simulator with this statement’s action, resource and condition keys',
      });
    });
  }
}
