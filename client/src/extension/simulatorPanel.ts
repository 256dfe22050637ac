/**
 * The simulator panel's host side: creates (or revives) the webview, answers its requests by asking the language
 * server (evaluate, whoCan, loadModel, and the catalog's suggestions), and opens editors where the panel points.
 * One panel at a time; `show` reveals it and can pre-fill its form.
 */
import * as vscode from 'vscode';
import type { ModelEntities, ModelStatus, WireFix } from '../../../server/src/lsp/protocol';
import { errorReply, isWebviewToHost, okReply, type HostToWebview, type PanelRequest, type Prefill, type ResultOf } from '../protocol/messages';
import type { Explanations } from './decorations';
import { errorMessage, type ServerApi } from './languageClient';
import { findModels, preferredModel } from './models';
import { saveTest } from './saveTest';
import { applyFix } from './applyFix';
import { simulatorHtml, webviewOptions } from './webviewHtml';

export const SIMULATOR_VIEW_TYPE = 'iamPolicy.simulator';

export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly server: ServerApi;
  readonly explanations: Explanations;
  /** The model chosen last (by the panel or the Select Model command). */
  lastModel(): string | undefined;
  setLastModel(uri: string): void;
}

export class SimulatorPanel implements vscode.Disposable {
  static current: SimulatorPanel | undefined;

  private ready = false;
  private pendingPrefill: Prefill | undefined;
  private entities = new Map<string, ModelEntities>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Shows the panel (creating it beside the editor if needed), optionally filling in its form. */
  static show(deps: PanelDeps, prefill?: Prefill): SimulatorPanel {
    if (SimulatorPanel.current) {
      SimulatorPanel.current.panel.reveal(undefined, false);
      if (prefill) SimulatorPanel.current.prefill(prefill);
      return SimulatorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      SIMULATOR_VIEW_TYPE,
      'IAM Policy Simulator',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(deps.extensionUri),
    );
    return new SimulatorPanel(panel, deps, prefill);
  }

  /** Brings back a panel VS Code restored after a reload (the webview's own state comes back through getState). */
  static revive(panel: vscode.WebviewPanel, deps: PanelDeps): SimulatorPanel {
    SimulatorPanel.current?.dispose();
    return new SimulatorPanel(panel, deps, undefined);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    prefill: Prefill | undefined,
  ) {
    SimulatorPanel.current = this;
    this.pendingPrefill = prefill;
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
    );
    panel.webview.html = simulatorHtml(panel.webview, deps.extensionUri);
  }

  prefill(prefill: Prefill): void {
    if (this.ready) this.post({ type: 'prefill', prefill });
    else this.pendingPrefill = prefill;
  }

  modelStatus(status: ModelStatus): void {
    if (this.ready) this.post({ type: 'modelStatus', status });
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) return;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const models = await findModels();
        const current = preferredModel(models, this.deps.lastModel());
        const prefill = this.pendingPrefill;
        this.pendingPrefill = undefined;
        this.post({
          type: 'init',
          trusted: vscode.workspace.isTrusted,
          models,
          ...(current ? { current } : {}),
          ...(prefill ? { prefill } : {}),
        });
        return;
      }
      case 'openLocation': {
        const { uri, range } = message.location;
        // The webview names the file; the host decides: only files of the workspace, or files of a model the server
        // answered about (a model may use policies outside the workspace), are opened.
        if (!this.mayOpen(uri)) return;
        // The whole statement selected, with the cursor at its start, where the eye goes first. (showTextDocument's
        // `selection` option drops the direction, so the selection is set afterwards.)
        const start = new vscode.Position(range.start.line, range.start.character);
        const end = new vscode.Position(range.end.line, range.end.character);
        const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { viewColumn: vscode.ViewColumn.One, preview: false });
        editor.selection = new vscode.Selection(end, start);
        editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'request':
        try {
          this.post(okReply(message.id, await this.answer(message)));
        } catch (error) {
          this.post(errorReply(message.id, errorMessage(error)));
        }
        return;
    }
  }

  private async answer(request: PanelRequest): Promise<ResultOf<PanelRequest['method']>> {
    switch (request.method) {
      case 'listModels': {
        const models = await findModels();
        const current = preferredModel(models, this.deps.lastModel());
        return current ? { models, current } : { models };
      }
      case 'loadModel': {
        this.requireTrust();
        // The webview names the model; only a file of the workspace is loaded from its request.
        if (!this.mayOpen(request.params.uri)) throw new Error('The model is not a file of this workspace.');
        const summary = await this.deps.server.loadModel({ uri: request.params.uri });
        this.deps.setLastModel(request.params.uri);
        this.entities.set(request.params.uri, summary);
        return summary;
      }
      case 'suggestActions': {
        const model = request.params.modelUri ? this.entities.get(request.params.modelUri) : undefined;
        return this.deps.server.suggestActions({ text: request.params.text, modelActions: model?.actions ?? [] });
      }
      case 'describeAction':
        return this.deps.server.describeAction({ action: request.params.action });
      case 'evaluate': {
        this.requireTrust();
        this.requireModelOfWorkspace(request.params.modelUri);
        const reply = await this.deps.server.evaluate(request.params);
        for (const location of Object.values(reply.locations)) this.modelFiles.add(location.uri);
        // Only fixes the server computed may be applied later: the webview names one, the host applies its own copy.
        this.offeredFixes = new Map(reply.explanation.fixes.map((fix) => [fixKey(fix), fix]));
        this.deps.explanations.show(reply);
        return reply;
      }
      case 'whoCan': {
        this.requireTrust();
        this.requireModelOfWorkspace(request.params.modelUri);
        const result = await this.deps.server.whoCan(request.params);
        for (const entry of [...result.allowed, ...result.denied]) if (entry.viaLocation) this.modelFiles.add(entry.viaLocation.uri);
        return result;
      }
      case 'saveTest':
        // The test file is written beside the model: only beside a model of the workspace.
        this.requireModelOfWorkspace(request.params.modelUri);
        return saveTest(request.params.modelUri, request.params.test);
      case 'applyFix': {
        this.requireTrust();
        this.requireModelOfWorkspace(request.params.modelUri);
        const offered = this.offeredFixes.get(fixKey(request.params.fix));
        if (offered === undefined) throw new Error('This fix is not one the last simulation offered; run the request again.');
        const applied = await applyFix(offered);
        // Load the model again from the edited (and saved) files before the panel runs the request again: the
        // file watcher and the document sync may still be on their way.
        if (applied) this.entities.set(request.params.modelUri, await this.deps.server.loadModel({ uri: request.params.modelUri }));
        return { applied };
      }
    }
  }

  /** Files the server pointed at in an answer: the only files outside the workspace the panel may open. */
  private readonly modelFiles = new Set<string>();

  /** The fixes of the last evaluation, by their edits and context: the only edits the panel may ask the host to make. */
  private offeredFixes = new Map<string, WireFix>();

  /** The model a request names must be one of the workspace (or one the server pointed at), as for `loadModel`. */
  private requireModelOfWorkspace(modelUri: string | undefined): void {
    if (modelUri !== undefined && !this.mayOpen(modelUri)) throw new Error('The model is not a file of this workspace.');
  }

  private mayOpen(uriText: string): boolean {
    if (this.modelFiles.has(uriText)) return true;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(uriText, true);
    } catch {
      return false;
    }
    return uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  }

  private requireTrust(): void {
    if (!vscode.workspace.isTrusted) throw new Error('This workspace is not trusted: account models are not loaded.');
  }

  dispose(): void {
    if (SimulatorPanel.current === this) SimulatorPanel.current = undefined;
    this.subscriptions.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

/** What makes a fix the same fix: what it changes, not its wording. */
function fixKey(fix: WireFix): string {
  return JSON.stringify([fix.kind, fix.edits, fix.context]);
}
