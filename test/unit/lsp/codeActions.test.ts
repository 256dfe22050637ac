import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { extraFixes } from '../../../server/src/iam/assist/quickFixes';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { applyEdits, caret, startHarness, type Harness } from './harness';

const URI = 'file:///work/policy.json';

function applyAction(text: string, action: CodeAction | undefined): string {
  assert.ok(action?.edit?.changes, 'the action has an edit');
  const edits: TextEdit[] = action.edit.changes[URI] ?? [];
  return applyEdits(text, edits);
}

async function withServer(run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness();
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

async function fixesFor(h: Harness, text: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  await h.open(URI, text, 'iam-policy');
  const diagnostics = await h.diagnostics(URI);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} among ${diagnostics.map((d) => d.code).join(', ')}`);
  const actions = await h.codeActions(URI, diagnostic.range, [diagnostic]);
  return { diagnostic, actions: actions.filter((a) => a.kind === 'quickfix') };
}

test("the validator's fixes become quick fixes bound to their diagnostic", () =>
  withServer(async (h) => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}';
    const { actions, diagnostic } = await fixesFor(h, text, 'unknownAction');
    const preferred = actions.find((a) => a.title.includes("'s3:GetObject'"));
    assert.ok(preferred, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(preferred.diagnostics, [diagnostic]);
    assert.equal(applyAction(text, preferred), text.replace('GetObjekt', 'GetObject'));
  }));

test('a missing Version gets a fix that adds it', () =>
  withServer(async (h) => {
    const text = '{\n  "Statement": [{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]\n}';
    const { actions } = await fixesFor(h, text, 'missingVersion');
    const fixed = applyAction(text, actions[0]);
    assert.deepEqual(JSON.parse(fixed), { Version: '2012-10-17', ...(JSON.parse(text) as object) });
  }));

test('a multi-valued key without a set qualifier gets ForAnyValue / ForAllValues fixes', () =>
  withServer(async (h) => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":["a"]}}}]}';
    const { actions } = await fixesFor(h, text, 'missingQualifier');
    const any = actions.find((a) => a.title.startsWith('Use ForAnyValue:'));
    assert.equal(applyAction(text, any), text.replace('"StringEquals"', '"ForAnyValue:StringEquals"'));
    assert.ok(actions.some((a) => a.title.startsWith('Use ForAllValues:')));
  }));

test('a name in the wrong case gets a fix when the rule provides none', () => {
  const text = '{"Statement":[{"effect":"Allow","Action":"s3:getobject"}]}';
  const parsed = parsePolicy(text);
  const at = (needle: string) => ({ offset: text.indexOf(needle), length: needle.length });
  const element = extraFixes(parsed, { code: 'x', severity: 'error', message: 'm', span: at('"effect"') }, tinyCatalog());
  assert.deepEqual(element[0]?.edits, [{ span: { offset: text.indexOf('effect'), length: 6 }, newText: 'Effect' }]);
  const action = extraFixes(parsed, { code: 'x', severity: 'error', message: 'm', span: at('s3:getobject') }, tinyCatalog());
  assert.equal(action[0]?.edits[0]?.newText, 's3:GetObject');
  const none = extraFixes(parsed, { code: 'x', severity: 'error', message: 'm', span: at('"Allow"') }, tinyCatalog());
  assert.deepEqual(none, []);
});

async function refactor(h: Harness, marked: string, title: RegExp): Promise<string> {
  const { text, position } = caret(marked);
  await h.open(URI, text, 'iam-policy');
  const actions = await h.codeActions(URI, { start: position, end: position });
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${String(title)} among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'refactor.rewrite');
  return applyAction(text, action);
}

test('refactor: expand a wildcard into its actions', () =>
  withServer(async (h) => {
    const expected = tinyCatalog()
      .actionsMatching('s3:Get*')
      .map((a) => `s3:${a.name}`);
    const result = await refactor(h, '{"Statement":[{"Effect":"Allow","Action":"s3:Ge|t*","Resource":"*"}]}', /^Expand 's3:Get\*' into its \d+ actions$/);
    const parsed = JSON.parse(result) as { Statement: { Action: string[] }[] };
    assert.deepEqual(parsed.Statement[0]?.Action, expected);
  }));

test('refactor: collapse actions into a wildcard only when it matches exactly those actions', () =>
  withServer(async (h) => {
    const result = await refactor(
      h,
      '{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject|","s3:GetObjectTagging"],"Resource":"*"}]}',
      /^Collapse actions into s3:GetObject\*/,
    );
    const parsed = JSON.parse(result) as { Statement: { Action: string[] }[] };
    assert.deepEqual(parsed.Statement[0]?.Action, ['s3:PutObject', 's3:GetObject*']);
    // s3:Get* would also match GetBucketPolicy, which is not listed: no such collapse is offered.
    const { text, position } = caret('{"Statement":[{"Action":["s3:GetObject|","s3:GetObjectTagging"]}]}');
    await h.open(URI, text, 'iam-policy');
    const titles = (await h.codeActions(URI, { start: position, end: position })).map((a) => a.title);
    assert.ok(!titles.some((t) => t.includes('s3:Get*')), titles.join(' | '));
  }));

test('refactor: sort and de-duplicate actions', () =>
  withServer(async (h) => {
    const result = await refactor(
      h,
      '{"Statement":[{"Action":["s3:PutObject","s3:GetObject|","s3:getobject","iam:GetRole"]}]}',
      /^Sort and de-duplicate Action$/,
    );
    const parsed = JSON.parse(result) as { Statement: { Action: string[] }[] };
    assert.deepEqual(parsed.Statement[0]?.Action, ['iam:GetRole', 's3:GetObject', 's3:PutObject']);
  }));
