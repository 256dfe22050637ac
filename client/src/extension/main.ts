/**
 * Activation only: wires the language client, the status bar, the commands, the simulator panel, the inline
 * explanations, the CodeLens, the Testing view and policy-JSON detection. Each lives in its own file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatementLenses } from './codeLens';
import { registerCommands, type CommandDeps } from './commands';
import { Explanations } from './decorations';
import { registerPolicyJsonDetection } from './detectPolicyJson';
import { createLanguageClient, errorMessage, LANGUAGE_ID, ServerApi } from './languageClient';
import { findModels, preferredModel } from './models';
import { SIMULATOR_VIEW_TYPE, SimulatorPanel } from './simulatorPanel';
import { ModelStatusItem } from './statusBar';
import { PolicyTests } from './testController';
import { registerActivityCommands } from './activityCommands';
import { NoNewAccess } from './noNewAccess';
import { ReplayTests } from './replayTests';
import { ReportDocuments } from './reportDocuments';

let client: LanguageClient | undefined;

/** What tests of the extension (test/vscode) can reach through `extension.exports`. */
export interface ExtensionApi {
  readonly explanations: Explanations;
  readonly server: ServerApi;
}

/** The workspace state key of the model the user loaded last. */
const LAST_MODEL = 'iamPolicy.lastModel';

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('IAM Policy Lab', { log: true });
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  const server = new ServerApi(() => languageClient);
  const status = new ModelStatusItem();
  const explanations = new Explanations();
  const lenses = new StatementLenses();
  const tests = new PolicyTests(server);
  // Discover test files now, so "Run All Tests" works before the Testing view was ever opened.
  void tests.discover();
  const startup: ModelStartup = { server, status, output, lastModel: () => context.workspaceState.get<string>(LAST_MODEL) };

  const deps: CommandDeps = {
    extensionUri: context.extensionUri,
    server,
    explanations,
    lastModel: startup.lastModel,
    setLastModel: (uri) => void context.workspaceState.update(LAST_MODEL, uri),
    restartServer: async () => {
      explanations.clear();
      await languageClient.restart();
      await showModels(startup);
    },
  };

  registerActivityViews(context, server);

  context.subscriptions.push(
    output,
    status,
    explanations,
    tests,
    registerPolicyJsonDetection(),
    ...registerCommands(deps),
    vscode.languages.registerCodeLensProvider([{ language: LANGUAGE_ID }], lenses),
    vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        SimulatorPanel.revive(panel, deps);
      },
    }),
    server.onModelStatus((s) => {
      status.update(s);
      SimulatorPanel.current?.modelStatus(s);
    }),
    // Trusting the workspace lifts restricted mode: restart so the server learns it and may load models.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void deps.restartServer()),
    { dispose: () => void languageClient.stop() },
  );

  try {
    await languageClient.start();
    await showModels(startup);
  } catch (error) {
    void vscode.window.showErrorMessage(`IAM Policy Lab: the language server did not start: ${errorMessage(error)}`);
  }
  return { explanations, server };
}

/** What really happened (CloudTrail): replays in the Testing view, AccessDenied explained, policies generated, diffs. */
function registerActivityViews(context: vscode.ExtensionContext, server: ServerApi): void {
  const reports = new ReportDocuments();
  const replays = new ReplayTests(server);
  context.subscriptions.push(reports, replays, new NoNewAccess(server, reports), ...registerActivityCommands({ server, replays, reports }));
}

/** What a started (or restarted) server's models are shown with: the status bar, and the output for failures. */
interface ModelStartup {
  readonly server: ServerApi;
  readonly status: ModelStatusItem;
  readonly output: vscode.LogOutputChannel;
  readonly lastModel: () => string | undefined;
}

/** The status at once, then the preferred model loaded in the background and the status again. */
async function showModels(startup: ModelStartup): Promise<void> {
  await refreshStatus(startup);
  void loadPreferredModel(startup).then(() => refreshStatus(startup));
}

async function refreshStatus({ server, status, output }: ModelStartup): Promise<void> {
  try {
    status.update(await server.modelStatus());
  } catch (error) {
    output.appendLine(`model status: ${errorMessage(error)}`);
  }
}

/** In a trusted workspace, load the model the user would pick anyway, so the status bar and completion know it. */
async function loadPreferredModel({ server, output, lastModel }: ModelStartup): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const uri = preferredModel(await findModels(), lastModel());
  if (!uri) return;
  try {
    await server.loadModel({ uri });
  } catch (error) {
    output.appendLine(`loading ${uri}: ${errorMessage(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
