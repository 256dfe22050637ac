/** The simulator page for a VS Code webview: the shared pure builder plus VS Code's URIs and a fresh nonce. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPage } from '../protocol/webviewPage';

/** 16 random bytes, base64: a nonce nobody can guess, new for every page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The folder the panel may load files from, and nothing else (localResourceRoots). */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'out', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)], retainContextWhenHidden: false };
}

export function simulatorHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const root = webviewRoot(extensionUri);
  return webviewPage({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'styles.css')).toString(),
  });
}
