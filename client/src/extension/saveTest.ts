/**
 * "Save as test": appends the panel's request, with the decision it got, to a `*.iam-test.json` file that uses the
 * same model. The edit goes through a WorkspaceEdit, so it can be undone, and is saved so the Testing view sees it.
 */
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { PanelTestCase } from '../protocol/messages';
import { identicalTestIndex } from '../protocol/duplicateTest';

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
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

export async function saveTest(modelUriText: string, test: PanelTestCase): Promise<{ uri: string; label: string; index: number } | null> {
  const modelUri = vscode.Uri.parse(modelUriText);
  const candidates = await testFilesFor(modelUri);
  let target: vscode.Uri | undefined;
  if (candidates.length === 1) target = candidates[0];
  else if (candidates.length > 1) {
    const picked = await vscode.window.showQuickPick(
      candidates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
      { title: 'Save the request as a test in…' },
    );
    if (!picked) return null;
    target = picked.uri;
  } else {
    const modelName = modelUri.path.split('/').pop() ?? 'model.iam-model.json';
    target = vscode.Uri.joinPath(modelUri, '..', modelName.replace(/\.iam-model\.json$/i, '') + '.iam-test.json');
    const initial = JSON.stringify({ model: `./${modelName}`, tests: [] }, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(initial));
  }
  if (!target) return null;
  const document = await vscode.workspace.openTextDocument(target);
  const text = document.getText();
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const tests = root ? findNodeAtLocation(root, ['tests']) : undefined;
  const index = tests?.type === 'array' ? (tests.children?.length ?? 0) : 0;
  const same = tests?.type === 'array' ? identicalTestIndex((tests.children ?? []).map((c) => getNodeValue(c) as unknown), test) : -1;
  if (same >= 0) throw new Error(`${vscode.workspace.asRelativePath(target, false)} already has this request as test ${same + 1}.`);
  const path = tests?.type === 'array' ? ['tests', index] : ['tests'];
  const value = tests?.type === 'array' ? test : [test];
  const edits = modify(text, path, value, { isArrayInsertion: tests?.type === 'array', formattingOptions: { insertSpaces: true, tabSize: 2 } });
  const updated = applyEdits(text, edits);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(target, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), updated);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${vscode.workspace.asRelativePath(target)}.`);
  await document.save();
  return { uri: target.toString(), label: vscode.workspace.asRelativePath(target, false), index };
}
