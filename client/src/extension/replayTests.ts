/**
 * CloudTrail replays in VS Code's Testing view: each replayed log file is a test item, each recorded request a child.
 * A call that succeeded in the log and that the model now denies (a regression) fails with the explanation of
 * today's decision, placed at the statement that decided; calls whose outcome the model reproduces pass. The server
 * does the replay (iamPolicy/replayActivity), with the same core as `iam-policy-lab replay`.
 */
import * as vscode from 'vscode';
import type { ReplayActivityResult, ReplayedRecord, SourceLocation } from '../../../server/src/lsp/protocol';
import { errorMessage, type ServerApi } from './languageClient';
import { escapeMarkdown } from './markdownText';

export class ReplayTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('iamPolicyCloudTrailReplay', 'CloudTrail Replay');
  /** The logs of the last replay: running the items again replays them again, on the model as it is now. */
  private logs: readonly vscode.Uri[] = [];

  constructor(private readonly server: ServerApi) {
    this.controller.createRunProfile('Replay', vscode.TestRunProfileKind.Run, (request, token) => this.rerun(request, token), true);
  }

  /** Replays the logs (files or folders) and shows the run in the Testing view; the answer, for the caller. */
  async replay(logs: readonly vscode.Uri[]): Promise<ReplayActivityResult | undefined> {
    this.logs = logs;
    const run = this.controller.createTestRun(
      new vscode.TestRunRequest(),
      `Replay of ${logs.map((u) => vscode.workspace.asRelativePath(u, false)).join(', ')}`,
      false,
    );
    try {
      const result = await this.server.replayActivity({ uris: logs.map((u) => u.toString()) });
      this.report(run, result);
      return result;
    } catch (error) {
      run.appendOutput(`${errorMessage(error)}\r\n`);
      throw error;
    } finally {
      run.end();
    }
  }

  private async rerun(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (this.logs.length === 0 || token.isCancellationRequested) return;
    void request;
    await this.replay(this.logs).catch((error: unknown) => void vscode.window.showErrorMessage(`CloudTrail replay: ${errorMessage(error)}`));
  }

  private report(run: vscode.TestRun, result: ReplayActivityResult): void {
    // The items are rebuilt from this answer: one per log file, one per listed record.
    this.controller.items.replace([]);
    const files = new Map<string, vscode.TestItem>();
    for (const record of result.items) {
      let file = files.get(record.uri);
      if (!file) {
        const uri = vscode.Uri.parse(record.uri);
        file = this.controller.createTestItem(record.uri, vscode.workspace.asRelativePath(uri, false), uri);
        files.set(record.uri, file);
        this.controller.items.add(file);
      }
      const item = this.controller.createTestItem(`${record.uri}#${record.index}`, recordLabel(record), vscode.Uri.parse(record.uri));
      item.description = record.resource;
      file.children.add(item);
      this.settle(run, item, record);
    }
    const output = [...result.headline];
    if (result.notListed > 0) output.push(`${result.notListed} unchanged calls are counted but not listed.`);
    for (const r of result.items.filter((i) => i.status === 'newlyAllowed'))
      output.push(`  ${recordLabel(r)}: denied in the log (${r.errorCode ?? 'AccessDenied'}), allowed by the model now.`);
    if (result.unmappedCount > 0) {
      output.push(`${result.unmappedCount} records not mapped to a request (not replayed):`);
      for (const u of result.unmapped.slice(0, 20))
        output.push(`  ${vscode.workspace.asRelativePath(vscode.Uri.parse(u.uri), false)} record ${u.index + 1}${u.event ? ` (${u.event})` : ''}: ${u.reason}`);
    }
    for (const line of result.fileErrors) output.push(`Not read: ${line}`);
    run.appendOutput(`${output.join('\r\n')}\r\n`);
  }

  private settle(run: vscode.TestRun, item: vscode.TestItem, record: ReplayedRecord): void {
    switch (record.status) {
      case 'stillAllowed':
      case 'stillDenied':
      // AWS denied it and the model allows it now: a wider model, not a broken call; listed in the output.
      case 'newlyAllowed':
        run.passed(item);
        return;
      case 'otherError':
        run.skipped(item);
        return;
      case 'regression':
        run.failed(item, regressionMessage(record));
        return;
    }
  }

  dispose(): void {
    this.controller.dispose();
  }
}

/** `record 3 · s3:GetObject · alice`: the record's place, the action and who called. */
function recordLabel(r: ReplayedRecord): string {
  return `record ${r.index + 1} · ${r.action} · ${callerName(r.principal)}`;
}

/** `arn:aws:iam::1:user/dev/alice` → `alice`; a role session → `role/session`; a service principal as it is. */
function callerName(principal: string): string {
  const resource = principal.slice(principal.lastIndexOf(':') + 1);
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role') return parts.slice(1).join('/');
  return parts[parts.length - 1] || resource;
}

/** The explanation of today's denial, at the statement that decided (or the log file, without one). */
function regressionMessage(r: ReplayedRecord): vscode.TestMessage {
  const wire = r.explanation;
  const headline = `Succeeded in the log${r.eventTime ? ` at ${r.eventTime}` : ''}; the model now denies it (${r.decision ?? 'denied'}).`;
  const body = wire ? wire.markdown : `${escapeMarkdown(r.summary ?? '')}\n\nWhy: ${escapeMarkdown(r.reason ?? '')}`;
  const message = new vscode.TestMessage(new vscode.MarkdownString(`**${headline}**\n\n${body}`));
  const where: SourceLocation | undefined = wire?.locations['deciding/0'] ?? wire?.reasonLocation;
  message.location = where
    ? new vscode.Location(
        vscode.Uri.parse(where.uri),
        new vscode.Range(where.range.start.line, where.range.start.character, where.range.end.line, where.range.end.character),
      )
    : new vscode.Location(vscode.Uri.parse(r.uri), new vscode.Position(0, 0));
  return message;
}
