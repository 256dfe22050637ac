/**
 * The same flows as test/e2e, through VS Code's extension API, for machines where VS Code desktop can be downloaded
 * (scripts/test-vscode.mjs). The workspace is a copy of examples/ with one scratch policy holding a typo.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../client/src/extension/main';

const folder = (): string => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const SCRATCH = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObjekt", "s3:PutObj"], "Resource": "*" }
  ]
}
`;

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('IAM Policy Lab in VS Code', () => {
  let api: ExtensionApi;
  let scratch: vscode.Uri;

  suiteSetup(async () => {
    scratch = vscode.Uri.file(join(folder(), 'scratch.policy.json'));
    writeFileSync(scratch.fsPath, SCRATCH);
    const extension = vscode.extensions.getExtension<ExtensionApi>('iam-policy-lab.iam-policy-lab');
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
  });

  test('policy files get the iam-policy language and a deliberate mistake is diagnosed', async () => {
    const document = await vscode.workspace.openTextDocument(scratch);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'iam-policy');
    const diagnostics = await until(() => {
      const found = vscode.languages.getDiagnostics(scratch).filter((d) => /GetObjekt/.test(d.message));
      return found.length > 0 ? found : undefined;
    }, 'the unknownAction diagnostic');
    assert.match(diagnostics[0]?.message ?? '', /Did you mean 'GetObject'/);
  });

  test('the quick fix repairs the typo', async () => {
    const document = await vscode.workspace.openTextDocument(scratch);
    const at = document.positionAt(document.getText().indexOf('GetObjekt') + 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', scratch, new vscode.Range(at, at));
    const fix = actions.find((a) => a.title === "Change to 's3:GetObject'");
    assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(document.getText(), /"s3:GetObject"/);
  });

  test('completion offers the actions of the service', async () => {
    const document = await vscode.workspace.openTextDocument(scratch);
    const at = document.positionAt(document.getText().indexOf('PutObj') + 'PutObj'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', scratch, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => /PutObject$/.test(l)),
      `labels: ${labels.slice(0, 20).join(', ')}`,
    );
  });

  test('hover explains an action', async () => {
    const document = await vscode.workspace.openTextDocument(scratch);
    const at = document.positionAt(document.getText().indexOf('GetObject') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', scratch, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Grants permission to retrieve objects from Amazon S3/i);
  });

  test('the simulator opens, and an evaluation decorates the statement that decided', async () => {
    await vscode.commands.executeCommand('iamPolicy.openSimulator');
    await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'IAM Policy Simulator'), 'the simulator tab');
    const model = vscode.Uri.file(join(folder(), 'organization.iam-model.json')).toString();
    const reply = await api.server.evaluate({
      modelUri: model,
      request: {
        principal: 'arn:aws:iam::222222222222:user/dave',
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
        context: { 'aws:RequestedRegion': 'us-east-1' },
      },
    });
    assert.equal(reply.result.decision, 'explicitDeny');
    api.explanations.show(reply);
    const where = reply.locations['decidingStatements/0'];
    assert.ok(where);
    const lines = api.explanations.linesOf(vscode.Uri.parse(where.uri));
    assert.match(lines[0]?.text ?? '', /^✖ denies ec2:RunInstances for dave: .*us-east-1/);
    await vscode.commands.executeCommand('iamPolicy.clearExplanations');
    assert.deepEqual(api.explanations.linesOf(vscode.Uri.parse(where.uri)), []);
  });

  test('the example policy tests pass through the server', async () => {
    const file = vscode.Uri.file(join(folder(), 'organization.iam-test.json'));
    const result = await api.server.runTests({ uri: file.toString() });
    const count = (JSON.parse(readFileSync(file.fsPath, 'utf8')) as { tests: unknown[] }).tests.length;
    assert.equal(result.results.length, count);
    assert.equal(result.failed, 0, JSON.stringify(result.results.filter((r) => !r.pass).map((r) => r.name)));
  });
});
