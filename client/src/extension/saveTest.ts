/**
 * "Save as test": appends the panel's request, with the decision it got, to a `*.iam-test.json` file that uses the
 * same model. It never replaces a file: the test is inserted through a WorkspaceEdit (one undo takes it back), a new
 * test file is created only under a name that is free, a request the file already tests is refused, and nothing is
 * written in an untrusted workspace.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { PanelTestCase } from '../protocol/messages';
import { newTestFileText, planTestAppend } from '../protocol/testFileEdits';

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Test files whose `model` names this model. */
async function testFilesFor(modelUri: vscode.Uri): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.iam-test.json', '{**/node_modules/**,**/.git/**}', 500);
  const matching: vscode.Uri[] = [];
  for (const uri of found) {
    try {
      const root = parseTree(await readText(uri), [], { allowTrailingComma: true, disallowComments: false });
      const model = root ? findNodeAtLocation(root, ['model'])?.value : undefined;
      if (typeof model === 'string' && vscode.Uri.joinPath(uri, '..', model).toString() === modelUri.toString()) matching.push(uri);
    } catch {
      // An unreadable test file is not a place to save to.
    }
  }
  return matching.sort((a, b) => a.path.localeCompare(b.path));
}

/** `<model>.iam-test.json` beside the model, or `<model>-2.iam-test.json` and so on when that name is taken. */
async function freeTestFileName(modelUri: vscode.Uri, modelName: string): Promise<vscode.Uri> {
  const base = modelName.replace(/\.iam-model\.json$/i, '');
  for (let n = 1; n < 100; n++) {
    const candidate = vscode.Uri.joinPath(modelUri, '..', `${base}${n === 1 ? '' : `-${n}`}.iam-test.json`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`No free name for a test file beside ${modelName}.`);
}

export async function saveTest(modelUriText: string, test: PanelTestCase): Promise<{ uri: string; label: string; index: number } | null> {
  if (!vscode.workspace.isTrusted) throw new Error('This workspace is not trusted: tests are not saved.');
  const modelUri = vscode.Uri.parse(modelUriText);
  if (modelUri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(modelUri))
    throw new Error('The model is not a file of this workspace: tests are saved beside it only then.');
  const candidates = await testFilesFor(modelUri);
  let target: vscode.Uri | undefined;
  const edit = new vscode.WorkspaceEdit();
  if (candidates.length === 1) target = candidates[0];
  else if (candidates.length > 1) {
    const picked = await vscode.window.showQuickPick(
      candidates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
      { title: 'Save the request as a test in…' },
    );
    if (!picked) return null;
    target = picked.uri;
  }
  let text: string;
  let document: vscode.TextDocument | undefined;
  if (target) {
    document = await vscode.workspace.openTextDocument(target);
    text = document.getText();
  } else {
    const modelName = modelUri.path.split('/').pop() ?? 'model.iam-model.json';
    target = await freeTestFileName(modelUri, modelName);
    text = newTestFileText(modelName);
    // Part of the same edit, so one undo removes the test and the file; `overwrite: false` keeps a file that
    // appeared in the meantime.
    edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  }
  const label = vscode.workspace.asRelativePath(target, false);
  const plan = planTestAppend(text, test);
  if (plan.kind === 'invalid') throw new Error(`${label} is not a test file this can add to: ${plan.reason}.`);
  if (plan.kind === 'duplicate') throw new Error(`${label} already tests this request (test ${plan.index + 1}); not saved again.`);
  const wasDirty = document?.isDirty ?? false;
  if (document) {
    for (const e of plan.edits) edit.replace(target, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  } else {
    // The new file's text is known: its edits are positions in it.
    const lines = (offset: number): vscode.Position => {
      const before = text.slice(0, offset).split('\n');
      return new vscode.Position(before.length - 1, (before[before.length - 1] ?? '').length);
    };
    for (const e of plan.edits) edit.replace(target, new vscode.Range(lines(e.offset), lines(e.offset + e.length)), e.content);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${label}.`);
  // Saved so the Testing view sees it, unless the user had unsaved changes there: those are theirs to save.
  const saved = document ?? (await vscode.workspace.openTextDocument(target));
  if (!wasDirty) await saved.save();
  return { uri: target.toString(), label, index: plan.index };
}
