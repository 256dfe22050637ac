/**
 * The language client: starts out/bundle/server.js over IPC, tells it whether the workspace is trusted, and keeps
 * the iamPolicy settings in sync. Everything the extension asks the server goes through `ServerApi` below, typed by
 * server/src/lsp/protocol.ts.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  Notifications,
  Requests,
  type DescribeActionParams,
  type DescribeActionResult,
  type EvaluateParams,
  type EvaluateResult,
  type InitializationOptions,
  type ListModelEntitiesParams,
  type ListModelEntitiesResult,
  type LoadModelParams,
  type LoadModelResult,
  type ModelStatus,
  type RunTestsParams,
  type RunTestsResult,
  type SuggestActionsParams,
  type SuggestActionsResult,
  type WhoCanParams,
  type WhoCanResult,
  type ReplayActivityParams,
  type ReplayActivityResult,
  type ExplainDenialParams,
  type ExplainDenialResult,
  type GeneratePolicyParams,
  type GeneratePolicyResult,
  type DiffAccessParams,
  type DiffAccessResult,
} from '../../../server/src/lsp/protocol';

export const LANGUAGE_ID = 'iam-policy';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('out/bundle/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
      // Models and test files hold policies too; the server gives the policies inside them the same features.
      { language: 'json', pattern: '**/*.iam-model.json' },
      { language: 'jsonc', pattern: '**/*.iam-model.json' },
      { language: 'json', pattern: '**/*.iam-test.json' },
      { language: 'jsonc', pattern: '**/*.iam-test.json' },
      // Templates: the server reads each YAML or JSON document's content and answers only for CloudFormation/SAM
      // templates (AWSTemplateFormatVersion, a SAM transform, AWS:: resource types); other YAML gets nothing.
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
      { language: 'json', pattern: '**/*.template.json' },
      { pattern: '**/*.template' },
      { language: 'terraform' },
      { pattern: '**/*.tf' },
    ],
    // A function, so that a restart after the user trusts the workspace sends the new value.
    initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
    synchronize: {
      configurationSection: 'iamPolicy',
      // Policy files referenced by a model change on disk without being open: the server reloads the model.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.json'),
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient('iamPolicy', 'IAM Policy Lab', serverOptions, clientOptions);
}

/** How long a request runs before its progress notification appears: quick answers show none. */
const PROGRESS_AFTER_MS = 800;

/** The custom requests, typed once. */
export class ServerApi {
  constructor(private readonly client: () => LanguageClient) {}

  private async send<R>(method: string, params: unknown): Promise<R> {
    const client = this.client();
    if (!client.isRunning()) await client.start();
    return client.sendRequest<R>(method, params);
  }

  /**
   * A request that can take long (a large model, who-can over thousands of principals): past a moment, a progress
   * notification says what is running and can cancel it; the server's handler stops on the cancellation.
   */
  private async sendWithProgress<R>(method: string, params: unknown, title: string): Promise<R> {
    const client = this.client();
    if (!client.isRunning()) await client.start();
    const cancel = new vscode.CancellationTokenSource();
    const request = client.sendRequest<R>(method, params, cancel.token);
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => cancel.cancel());
        return request.then(
          () => undefined,
          () => undefined,
        );
      });
    }, PROGRESS_AFTER_MS);
    try {
      return await request;
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  loadModel(params: LoadModelParams): Promise<LoadModelResult> {
    return this.sendWithProgress(Requests.loadModel, params, 'IAM Policy Lab: loading the account model');
  }
  evaluate(params: EvaluateParams): Promise<EvaluateResult> {
    return this.send(Requests.evaluate, params);
  }
  whoCan(params: WhoCanParams): Promise<WhoCanResult> {
    return this.sendWithProgress(Requests.whoCan, params, `IAM Policy Lab: who can ${params.action}`);
  }
  listModelEntities(params: ListModelEntitiesParams): Promise<ListModelEntitiesResult> {
    return this.send(Requests.listModelEntities, params);
  }
  runTests(params: RunTestsParams): Promise<RunTestsResult> {
    return this.send(Requests.runTests, params);
  }
  replayActivity(params: ReplayActivityParams): Promise<ReplayActivityResult> {
    return this.send(Requests.replayActivity, params);
  }
  explainDenial(params: ExplainDenialParams): Promise<ExplainDenialResult> {
    return this.send(Requests.explainDenial, params);
  }
  generatePolicy(params: GeneratePolicyParams): Promise<GeneratePolicyResult> {
    return this.send(Requests.generatePolicy, params);
  }
  diffAccess(params: DiffAccessParams): Promise<DiffAccessResult> {
    return this.send(Requests.diffAccess, params);
  }
  suggestActions(params: SuggestActionsParams): Promise<SuggestActionsResult> {
    return this.send(Requests.suggestActions, params);
  }
  describeAction(params: DescribeActionParams): Promise<DescribeActionResult> {
    return this.send(Requests.describeAction, params);
  }
  modelStatus(): Promise<ModelStatus> {
    return this.send(Requests.getModelStatus, {});
  }
  onModelStatus(listener: (status: ModelStatus) => void): vscode.Disposable {
    return this.client().onNotification(Notifications.modelStatus, listener);
  }
}

/** The message of a rejected request, without JSON-RPC noise. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
