/** Finds the account models of the workspace and the one the `iamPolicy.model` setting names. */
import * as vscode from 'vscode';
import type { ModelChoice } from '../protocol/messages';

const MODEL_GLOB = '**/*.iam-model.json';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/out/**}';

/** The model named by the setting, resolved against the first workspace folder; undefined when unset. */
export function configuredModel(): vscode.Uri | undefined {
  const value = vscode.workspace.getConfiguration('iamPolicy').get<string>('model', '').trim();
  if (value === '') return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return vscode.Uri.parse(value);
  if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value)) return vscode.Uri.file(value);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, value) : undefined;
}

export async function findModels(): Promise<ModelChoice[]> {
  const found = await vscode.workspace.findFiles(MODEL_GLOB, EXCLUDE, 200);
  const configured = configuredModel();
  const uris = new Map<string, vscode.Uri>();
  if (configured) uris.set(configured.toString(), configured);
  for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) uris.set(uri.toString(), uri);
  return [...uris.values()].map((uri) => ({
    uri: uri.toString(),
    label: vscode.workspace.asRelativePath(uri, true),
    configured: configured?.toString() === uri.toString(),
  }));
}

/** The model to use when nothing else says: the setting, else the one chosen last, else the first found. */
export function preferredModel(models: readonly ModelChoice[], lastChosen: string | undefined): string | undefined {
  return models.find((m) => m.configured)?.uri ?? models.find((m) => m.uri === lastChosen)?.uri ?? models[0]?.uri;
}
