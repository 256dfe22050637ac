// The editor on a root module's .tf file: what a module call's inputs make wrong in the module's policies is shown
// at that call, saying where in the module; the module's own findings are left to the module's file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { realCatalog } from '../helpers/realCatalog';
import { messageOf, startHarness } from './harness';

const READER = [
  'variable "actions" {',
  '  default = ["s3:GetObject"]',
  '}',
  'resource "aws_iam_policy" "read" {',
  '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }, { Effect = "Allow", Action = "sts:AssumeRolee", Resource = "*" }] })',
  '}',
  '',
].join('\n');

const MAIN = ['module "reader" {', '  source  = "./modules/reader"', '  actions = ["s3:GetObjekt"]', '}', ''].join('\n');

test('a module call whose input makes a policy of the module wrong has a diagnostic at the call, naming the place in the module', async () => {
  const h = await startHarness({
    catalog: realCatalog(),
    hclParser: loadHclParser,
    files: { '/project/main.tf': MAIN, '/project/modules/reader/main.tf': READER },
  });
  try {
    await h.open('file:///project/main.tf', MAIN, 'terraform');
    await loadHclParser();
    let found: { line: number; character: number; message: string }[] = [];
    for (let attempt = 0; attempt < 200 && found.length === 0; attempt++) {
      found = (await h.diagnostics('file:///project/main.tf'))
        .filter((d) => d.code === 'unknownAction')
        .map((d) => ({ line: d.range.start.line, character: d.range.start.character, message: messageOf(d) }));
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Only the caller's misspelling: sts:AssumeRolee is the module's own and shows when the module is opened.
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual([found[0]?.line, found[0]?.character], [0, 0]);
    assert.match(found[0]?.message ?? '', /^In modules\/reader\/main\.tf:5:\d+: The service 's3' has no action 'GetObjekt' in the catalog/);
    assert.doesNotMatch(found[0]?.message ?? '', /instantiated by/, 'the diagnostic is at the call: it need not name it');
  } finally {
    await h.close();
  }
});

test("a module open in the editor is read as it is now: its unsaved edit changes what the caller's diagnostics say", async () => {
  const h = await startHarness({
    catalog: realCatalog(),
    hclParser: loadHclParser,
    files: { '/project/main.tf': MAIN, '/project/modules/reader/main.tf': READER },
  });
  const atCall = async (): Promise<string[]> => {
    let found: string[] = [];
    for (let attempt = 0; attempt < 200 && found.length === 0; attempt++) {
      found = (await h.diagnostics('file:///project/main.tf')).filter((d) => d.code === 'unknownAction').map(messageOf);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return found;
  };
  try {
    await h.open('file:///project/main.tf', MAIN, 'terraform');
    await loadHclParser();
    assert.equal((await atCall()).length, 1);
    // The module's policy no longer takes the caller's actions, unsaved: the caller's misspelling is harmless now,
    // and the module's own new misspelling shows at its own file only.
    const edited = READER.replace('Action = var.actions', 'Action = "s3:PutObjectt"');
    await h.open('file:///project/modules/reader/main.tf', edited, 'terraform');
    await h.change('file:///project/main.tf', `${MAIN}\n`);
    const after = (await h.diagnostics('file:///project/main.tf')).filter((d) => d.code === 'unknownAction').map(messageOf);
    assert.deepEqual(after, []);
  } finally {
    await h.close();
  }
});
