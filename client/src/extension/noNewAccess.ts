/**
 * "Check a change grants no new access": the policy file as it is (unsaved edits included) against its git HEAD
 * version or another file, on the account model. Each statement that grants new access gets a warning listing what
 * it now allows; the whole report (lost access too) opens beside. The server does the comparison
 * (iamPolicy/diffAccess), as `iam-policy-lab diff` does.
 */
import * as vscode from 'vscode';
import type { DiffAccessResult, WireAccessChange } from '../../../server/src/lsp/protocol';
import { errorMessage, type ServerApi } from './languageClient';
import type { ReportDocuments } from './reportDocuments';
import { UNTRUSTED_ACTIVITY } from './activityCommands';

/** Requests named in one diagnostic; the report lists them all. */
const SHOWN_PER_STATEMENT = 5;

export class NoNewAccess implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('iam-policy-new-access');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly server: ServerApi,
    private readonly reports: ReportDocuments,
  ) {
    this.subscriptions.push(
      vscode.commands.registerCommand('iamPolicy.checkNoNewAccess', (uri?: unknown, base?: unknown) =>
        this.check(uri instanceof vscode.Uri ? uri : undefined, typeof base === 'string' ? base : undefined),
      ),
      // The findings describe the text that was compared: an edit makes them stale.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.diagnostics.delete(e.document.uri);
      }),
    );
  }

  async check(given: vscode.Uri | undefined, givenBase: string | undefined): Promise<DiffAccessResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_ACTIVITY);
      return undefined;
    }
    const uri = given ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Open the policy file that changed (a file of the account model), then run this command again.');
      return undefined;
    }
    const base = givenBase ?? (await pickBase(uri));
    if (base === undefined) return undefined;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Comparing the access before and after the change…' },
        () => this.server.diffAccess({ uri: uri.toString(), base }),
      );
      this.show(uri, result);
      await this.reports.show('No new access', ['# No new access', '', '```text', ...result.report, '```', ''].join('\n'), vscode.ViewColumn.Beside);
      const headline = result.report[1] ?? '';
      if (result.newAccess.length > 0) void vscode.window.showWarningMessage(`${headline} (compared with ${result.base}; see the Problems view)`);
      else void vscode.window.showInformationMessage(`${headline} (compared with ${result.base})`);
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Check for new access: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** One warning per granting statement, in the files where those statements are. */
  private show(uri: vscode.Uri, result: DiffAccessResult): void {
    this.diagnostics.clear();
    const byStatement = new Map<string, { location: NonNullable<WireAccessChange['location']>; changes: WireAccessChange[] }>();
    for (const c of result.newAccess) {
      const location = c.location ?? { uri: uri.toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
      const key = `${location.uri}#${location.range.start.line}:${location.range.start.character}`;
      const entry = byStatement.get(key) ?? { location, changes: [] };
      entry.changes.push(c);
      byStatement.set(key, entry);
    }
    const perFile = new Map<string, vscode.Diagnostic[]>();
    for (const { location, changes } of byStatement.values()) {
      const shown = changes.slice(0, SHOWN_PER_STATEMENT).map((c) => c.sentence);
      const more = changes.length > SHOWN_PER_STATEMENT ? `\n… and ${changes.length - SHOWN_PER_STATEMENT} more (see the report)` : '';
      const { start, end } = location.range;
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(start.line, start.character, end.line, end.character),
        `New access compared with ${result.base}:\n${shown.join('\n')}${more}`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'IAM Policy Lab';
      diagnostic.code = 'newAccess';
      const list = perFile.get(location.uri) ?? [];
      list.push(diagnostic);
      perFile.set(location.uri, list);
    }
    for (const [file, list] of perFile) this.diagnostics.set(vscode.Uri.parse(file), list);
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.diagnostics.dispose();
  }
}

async function pickBase(uri: vscode.Uri): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'HEAD', description: 'the version committed in git', base: 'HEAD' },
      { label: 'Another file…', description: 'a previous version saved as a file', base: undefined },
    ],
    { title: `Compare ${vscode.workspace.asRelativePath(uri, false)} with` },
  );
  if (!picked) return undefined;
  if (picked.base !== undefined) return picked.base;
  const files = await vscode.window.showOpenDialog({
    title: 'The previous version of the policy',
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(uri, '..'),
  });
  return files?.[0]?.toString();
}
