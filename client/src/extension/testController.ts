/**
 * Policy tests in VS Code's Testing view: each `*.iam-test.json` file is a test item, each entry of its `tests`
 * array a child. Runs go through the language server (iamPolicy/runTests), so they use the same evaluator as the
 * simulator and the CLI; a failure carries the explanation and points at the statement that decided.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { RunTestsResult, TestCaseResult } from '../../../server/src/lsp/protocol';
import type { Decision } from '../../../server/src/iam/evaluator';
import { errorMessage, type ServerApi } from './languageClient';
import { MAX_NESTING_DEPTH, nestingBeyond } from '../../../server/src/iam/parser';

const TEST_GLOB = '**/*.iam-test.json';

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export class PolicyTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('iamPolicyTests', 'IAM Policy Tests');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly server: ServerApi) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.readChildren(item);
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(TEST_GLOB);
    watcher.onDidCreate((uri) => void this.readChildren(this.fileItem(uri)));
    watcher.onDidChange((uri) => void this.readChildren(this.fileItem(uri)));
    watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString()));
    this.subscriptions.push(
      watcher,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path.endsWith('.iam-test.json')) this.parse(this.fileItem(e.document.uri), e.document.getText());
      }),
    );
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(TEST_GLOB, '{**/node_modules/**,**/.git/**}', 500);
    await Promise.all(files.map((uri) => this.readChildren(this.fileItem(uri))));
  }

  private fileItem(uri: vscode.Uri): vscode.TestItem {
    const existing = this.controller.items.get(uri.toString());
    if (existing) return existing;
    const item = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri, false), uri);
    item.canResolveChildren = true;
    this.controller.items.add(item);
    return item;
  }

  private async readChildren(item: vscode.TestItem): Promise<void> {
    if (!item.uri) return;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.uri?.toString());
      // A FIFO or a device named like a test file would block the read forever: only regular files are read.
      if (!open && (await vscode.workspace.fs.stat(item.uri)).type !== vscode.FileType.File) {
        item.error = `Cannot read ${item.label}: it is not a regular file.`;
        return;
      }
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(item.uri));
      // jsonc-parser's tree recurses: text nested deeper than any test file is reported, not parsed.
      const deep = nestingBeyond(text, MAX_NESTING_DEPTH);
      if (deep) {
        item.error = `Cannot read ${item.label}: the JSON is nested ${deep.depth} levels deep (at most ${MAX_NESTING_DEPTH} are read).`;
        return;
      }
      this.parse(item, text);
    } catch (error) {
      item.error = `Cannot read ${item.label}: ${errorMessage(error)}`;
    }
  }

  /** Children by index, labelled with each test's name; ranges from the text so gutter icons sit on each test. */
  private parse(item: vscode.TestItem, text: string): void {
    const uri = item.uri;
    if (!uri) return;
    const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    const tests = root ? findNodeAtLocation(root, ['tests']) : undefined;
    const lines = text.split(/\r\n|\r|\n/);
    const position = (offset: number): vscode.Position => {
      let line = 0;
      let rest = offset;
      while (line < lines.length && rest > (lines[line] ?? '').length) {
        rest -= (lines[line] ?? '').length + 1;
        line++;
      }
      return new vscode.Position(line, Math.max(0, rest));
    };
    const children: vscode.TestItem[] = [];
    (tests?.type === 'array' ? (tests.children ?? []) : []).forEach((node, index) => {
      const nameNode = node.type === 'object' ? findNodeAtLocation(node, ['name']) : undefined;
      const name = typeof nameNode?.value === 'string' ? nameNode.value : `test ${index + 1}`;
      const child = this.controller.createTestItem(`${uri.toString()}#${index}`, name, uri);
      child.range = new vscode.Range(position(node.offset), position(node.offset + node.length));
      children.push(child);
    });
    item.children.replace(children);
    item.error = tests ? undefined : 'No "tests" array in this file.';
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    // Group what was asked by file: one server request per file.
    const byFile = new Map<string, { file: vscode.TestItem; indexes: number[] | undefined }>();
    const roots: vscode.TestItem[] = request.include ? [...request.include] : [];
    if (!request.include) this.controller.items.forEach((item) => roots.push(item));
    for (const item of roots) {
      const [fileId, index] = item.id.split('#');
      const file = index === undefined ? item : this.controller.items.get(fileId ?? '');
      if (!file) continue;
      const entry = byFile.get(file.id) ?? { file, indexes: [] };
      if (index === undefined) entry.indexes = undefined;
      else entry.indexes?.push(Number(index));
      byFile.set(file.id, entry);
    }
    for (const { file, indexes } of byFile.values()) {
      if (token.isCancellationRequested) break;
      if (file.children.size === 0) await this.readChildren(file);
      const selected: vscode.TestItem[] = [];
      file.children.forEach((c) => {
        if (!indexes || indexes.includes(Number(c.id.split('#')[1]))) selected.push(c);
      });
      selected.forEach((c) => run.started(c));
      try {
        const result = await this.server.runTests({ uri: file.id, ...(indexes ? { indexes } : {}) });
        this.report(run, file, selected, result);
      } catch (error) {
        for (const c of selected) run.errored(c, new vscode.TestMessage(errorMessage(error)));
      }
    }
    run.end();
  }

  private report(run: vscode.TestRun, file: vscode.TestItem, selected: vscode.TestItem[], result: RunTestsResult): void {
    if (result.errors.length > 0 && result.results.length === 0) {
      for (const c of selected) {
        const message = new vscode.TestMessage(result.errors.map((e) => e.message).join('\n'));
        const first = result.errors[0];
        if (first) message.location = new vscode.Location(vscode.Uri.parse(first.uri), toRange(first.range));
        run.errored(c, message);
      }
      return;
    }
    for (const r of result.results) {
      const item = file.children.get(`${file.id}#${r.index}`);
      if (!item) continue;
      if (r.pass) {
        // A pass that rests on a value the template leaves open says so in the test's output, at the test.
        const at = new vscode.Location(vscode.Uri.parse(r.location.uri), toRange(r.location.range));
        for (const problem of r.problems ?? []) run.appendOutput(`${problem}\r\n`, at, item);
        run.passed(item, r.durationMs);
      } else if (r.decision === undefined) {
        // A test that could not run (an unknown principal or action): the errors, at the first one's place.
        const message = new vscode.TestMessage(r.error ?? 'The test could not run.');
        message.location = new vscode.Location(vscode.Uri.parse(r.location.uri), toRange(r.location.range));
        run.errored(item, message);
      } else run.failed(item, this.failure(r, r.decision), r.durationMs);
    }
  }

  /**
   * A failed test: first the explanation, led by why and then how to fix it, at the statement that decided; then the
   * expected/actual pair at the test, which VS Code shows as a diff. A message with expected/actual shows only the
   * diff, so the explanation needs its own message.
   */
  private failure(r: TestCaseResult, decision: Decision): vscode.TestMessage[] {
    const headline = `Expected ${r.expect}, got ${decision}.`;
    // The server's reason-first markdown: the line the Testing view lists is the why, said once.
    const reasonFirst = r.explanation?.reasonFirstMarkdown;
    const explanation = reasonFirst !== undefined ? this.placed(r, new vscode.MarkdownString(reasonFirst)) : this.message(r, headline);
    const diff = vscode.TestMessage.diff(headline, r.expect, decision);
    diff.location = new vscode.Location(vscode.Uri.parse(r.location.uri), toRange(r.location.range));
    return [explanation, diff];
  }

  /** A message with a headline and the explanation (when there is one), at the statement that decided or the test. */
  private message(r: TestCaseResult, headline: string): vscode.TestMessage {
    return this.placed(r, new vscode.MarkdownString(`**${escapeMarkdown(headline)}**\n\n${r.explanation?.markdown ?? ''}`));
  }

  private placed(r: TestCaseResult, body: vscode.MarkdownString): vscode.TestMessage {
    const message = new vscode.TestMessage(body);
    const where = r.locations?.['decidingStatements/0'] ?? r.location;
    message.location = new vscode.Location(vscode.Uri.parse(where.uri), toRange(where.range));
    return message;
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.controller.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
