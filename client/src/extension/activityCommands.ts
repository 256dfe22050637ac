/**
 * The commands about what really happened (CloudTrail): replay logs into the Testing view, explain an AccessDenied,
 * generate a least-privilege policy. Each asks for what it needs, hands over to the language server, and lays out
 * the answer; the wording comes from the server's core.
 */
import * as vscode from 'vscode';
import type { ExplainDenialResult, GeneratePolicyResult } from '../../../server/src/lsp/protocol';
import { errorMessage, LANGUAGE_ID, type ServerApi } from './languageClient';
import { escapeMarkdown } from './markdownText';
import type { ReplayTests } from './replayTests';
import type { ReportDocuments } from './reportDocuments';

export interface ActivityDeps {
  readonly server: ServerApi;
  readonly replays: ReplayTests;
  readonly reports: ReportDocuments;
}

export const UNTRUSTED_ACTIVITY = 'IAM Policy Lab reads account models only in a trusted workspace: trust it to replay logs or generate policies.';

export function registerActivityCommands(deps: ActivityDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('iamPolicy.replayCloudTrail', (uri?: vscode.Uri, uris?: vscode.Uri[]) => replayCommand(deps, selected(uri, uris))),
    vscode.commands.registerCommand('iamPolicy.explainAccessDenied', (text?: string) => explainCommand(deps, typeof text === 'string' ? text : undefined)),
    vscode.commands.registerCommand('iamPolicy.generateLeastPrivilege', (principal?: string, uris?: vscode.Uri[]) =>
      generateCommand(deps, typeof principal === 'string' ? principal : undefined, Array.isArray(uris) ? uris : undefined),
    ),
  ];
}

/** The explorer passes the clicked item and the whole selection; the palette passes nothing. */
function selected(uri: unknown, uris: unknown): vscode.Uri[] | undefined {
  if (Array.isArray(uris) && uris.length > 0 && uris.every((u) => u instanceof vscode.Uri)) return uris as vscode.Uri[];
  return uri instanceof vscode.Uri ? [uri] : undefined;
}

async function pickLogs(title: string): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    title,
    openLabel: 'Use These Logs',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
}

async function replayCommand(deps: ActivityDeps, given: vscode.Uri[] | undefined): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED_ACTIVITY);
  const logs = given ?? (await pickLogs('CloudTrail logs to replay (files or folders: .json, .json.gz, .jsonl)'));
  if (!logs || logs.length === 0) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Replaying CloudTrail logs on the account model…' },
      () => deps.replays.replay(logs),
    );
    if (!result) return;
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const [counts, verdict] = result.headline;
    const show = result.regressions > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`${counts ?? ''} ${verdict ?? ''}`.trim());
    if (result.fileErrors.length > 0) void vscode.window.showWarningMessage(`Some logs could not be read: ${result.fileErrors.join('; ')}`);
  } catch (error) {
    void vscode.window.showErrorMessage(`CloudTrail replay: ${errorMessage(error)}`);
  }
}

async function explainCommand(deps: ActivityDeps, given: string | undefined): Promise<void> {
  const text = given ?? (await askForDenial());
  if (text === undefined || text.trim() === '') return;
  let result: ExplainDenialResult;
  try {
    result = await deps.server.explainDenial({ text });
  } catch (error) {
    void vscode.window.showErrorMessage(`Explain AccessDenied: ${errorMessage(error)}`);
    return;
  }
  await deps.reports.show('AccessDenied explained', explanationMarkdown(result));
  const first = result.denials[0];
  if (first?.verdict !== undefined) {
    const show = first.reproduced ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(first.verdict);
  }
}

/**
 * The input box, filled with the editor's selection when it looks like a denial. The clipboard is left alone: reading
 * it unasked is not ours to do, and in a browser the read waits for a permission nobody is asked for.
 */
async function askForDenial(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const candidate = /is not authorized to perform|"errorCode"/.test(selection) ? selection : '';
  return vscode.window.showInputBox({
    title: 'Explain an AccessDenied error',
    prompt: 'Paste the AccessDenied message ("User: … is not authorized to perform: …") or a CloudTrail record',
    value: candidate.replace(/\s*\n\s*/g, ' ').trim(),
    ignoreFocusOut: true,
  });
}

function explanationMarkdown(result: ExplainDenialResult): string {
  const parts = ['# AccessDenied explained', ''];
  if (result.noModel !== undefined) parts.push(`> ${escapeMarkdown(result.noModel)}`, '');
  for (const d of result.denials) {
    parts.push(`## ${escapeMarkdown(d.label)}`, '', escapeMarkdown(d.reported), '');
    if (d.verdict !== undefined) parts.push(`**${d.reproduced ? '✔' : '✖'} ${escapeMarkdown(d.verdict)}**`, '');
    if (d.explanation) parts.push(d.explanation.markdown, '');
  }
  return parts.join('\n');
}

async function generateCommand(deps: ActivityDeps, givenPrincipal: string | undefined, givenLogs: vscode.Uri[] | undefined): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED_ACTIVITY);
  try {
    const principal = givenPrincipal ?? (await pickPrincipal(deps.server));
    if (principal === undefined) return;
    const logs = givenLogs ?? (await pickLogs(`CloudTrail logs of what ${principal.slice(principal.lastIndexOf('/') + 1)} did`));
    if (!logs || logs.length === 0) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Generating and proving a least-privilege policy…' },
      () => deps.server.generatePolicy({ principal, uris: logs.map((u) => u.toString()) }),
    );
    if (result.fileErrors.length > 0) {
      void vscode.window.showErrorMessage(`Nothing generated: some logs could not be read: ${result.fileErrors.join('; ')}`);
      return;
    }
    await showGenerated(deps, result);
  } catch (error) {
    void vscode.window.showErrorMessage(`Generate least-privilege policy: ${errorMessage(error)}`);
  }
}

async function pickPrincipal(server: ServerApi): Promise<string | undefined> {
  const entities = await server.listModelEntities({});
  const items = entities.principals.filter((p) => p.kind === 'user' || p.kind === 'role').map((p) => ({ label: p.name, description: p.label, arn: p.arn }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Generate a least-privilege policy for which user or role?', matchOnDescription: true });
  return picked?.arn;
}

/** The policy in an untitled editor (to save where it belongs), its report beside it. */
async function showGenerated(deps: ActivityDeps, result: GeneratePolicyResult): Promise<void> {
  const policy = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: result.policyText });
  await vscode.window.showTextDocument(policy, { preview: false });
  const report = [`# Least-privilege policy for ${escapeMarkdown(result.principal)}`, '', '```text', ...result.report, '```', ''].join('\n');
  await deps.reports.show('Least-privilege policy report', report, vscode.ViewColumn.Beside);
  const show = result.proofPassed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(result.report[1] ?? (result.proofPassed ? 'Proof passed.' : 'Proof failed.'));
}
