/**
 * The simulator panel alone, in headless Chromium, against a fake host: what a user sees and does, and what the
 * panel says to the host. Run by scripts/test-webview.mjs (which builds out/webview first).
 */
import { after, before, beforeEach, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HostToWebview, PanelRequest, WebviewToHost } from '../../client/src/protocol/messages';
import { repoRoot } from '../unit/helpers/repoRoot';
import { ALICE, BOB, ENTITIES, EVALUATE_REPLY, FIXES, MODEL_URI, OTHER_MODEL_URI, POLICY_URI, REASON, WHO_CAN_REPLY } from './fixtures';
import { FakeHost, launchBrowser, startPageServer, type PageServer } from './harness';

let server: PageServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let host: FakeHost;
const pageErrors: string[] = [];
const consoleMessages: string[] = [];

const INIT: HostToWebview = {
  type: 'init',
  trusted: true,
  models: [
    { uri: MODEL_URI, label: 'org.iam-model.json', configured: false },
    { uri: OTHER_MODEL_URI, label: 'other.iam-model.json', configured: false },
  ],
  current: MODEL_URI,
};

function answer(request: PanelRequest): unknown {
  switch (request.method) {
    case 'listModels':
      return { models: INIT.type === 'init' ? INIT.models : [], current: MODEL_URI };
    case 'loadModel':
      if (request.params.uri === OTHER_MODEL_URI) throw new Error('other.iam-model.json:3:5 unknown key "acounts"');
      return ENTITIES;
    case 'suggestActions':
      return [
        { value: 's3:PutObject', detail: 'Write' },
        { value: 's3:PutObjectAcl', detail: 'Permissions management' },
      ].filter((s) => s.value.toLowerCase().startsWith(request.params.text.toLowerCase()));
    case 'describeAction':
      return {
        action: request.params.action,
        known: true,
        resourceTemplates: ['arn:aws:s3:::${BucketName}/${ObjectName}'],
        wildcardOnly: false,
        conditionKeys: [{ key: 's3:x-amz-acl', type: 'String', multiValued: false }],
      };
    case 'evaluate':
      if (request.params.request.action === 'fail:Now') throw new Error('The server is not running.');
      return EVALUATE_REPLY;
    case 'whoCan':
      return WHO_CAN_REPLY;
    case 'saveTest':
      return { uri: 'file:///ws/org.iam-test.json', label: 'org.iam-test.json', index: 2 };
    case 'applyFix':
      return { applied: true };
  }
}

before(async () => {
  server = await startPageServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  pageErrors.length = 0;
  consoleMessages.length = 0;
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => consoleMessages.push(m.text()));
  host = await FakeHost.attach(page, () => INIT, answer);
});

afterEach(async () => {
  await context.close();
});

async function openPanel(): Promise<void> {
  await page.goto(`${server.origin}/`);
  await host.waitFor((m) => m.type === 'ready', 'ready');
  await page.locator('#principal option', { hasText: 'alice (user, 111122223333)' }).waitFor({ state: 'attached' });
}

/** Fills the form by keyboard only, as a user without a mouse would, and runs with Ctrl+Enter. */
async function fillAndRunByKeyboard(): Promise<void> {
  await page.locator('#principal').focus();
  await page.keyboard.press('ArrowDown'); // the first principal after the placeholder: alice
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'action');
  await page.keyboard.type('s3:PutObject');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'resource');
  await page.keyboard.type('arn:aws:s3:::reports/q1.csv');
  await page.keyboard.press('Control+Enter');
}

test('the panel shakes hands, renders the model and its principals, and fails no script', async () => {
  await openPanel();
  assert.equal(host.received[0]?.type, 'ready', 'ready is the first message');
  assert.deepEqual(
    host.requests('loadModel').map((r) => r.params),
    [{ uri: MODEL_URI }],
  );
  assert.equal(await page.locator('#model').inputValue(), MODEL_URI);
  assert.deepEqual(await page.locator('#principal option').allTextContents(), [
    '— choose a principal —',
    'alice (user, 111122223333)',
    'deployer (role, 111122223333)',
    'Other: a role session or ARN…',
  ]);
  assert.match(await page.locator('#blocked').innerText(), /Choose a principal/);
  assert.equal(await page.locator('#run').isDisabled(), true);
  assert.deepEqual(pageErrors, []);
});

test('a request typed by keyboard goes to the host, and the answer shows the decision first, then the evidence', async () => {
  await openPanel();
  await fillAndRunByKeyboard();
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'evaluate', 'evaluate');
  assert.ok(sent.type === 'request' && sent.method === 'evaluate');
  assert.deepEqual(sent.params, {
    modelUri: MODEL_URI,
    request: { principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv', context: {} },
  });
  await page.locator('#decision').waitFor();
  // The decision is the first thing in the result, then the AWS-shaped sentence.
  const firstTwo = await page.locator('#result > *').evaluateAll((els) => els.slice(0, 2).map((e) => e.id));
  assert.deepEqual(firstTwo, ['decision', 'summary']);
  assert.equal(await page.locator('#decision').innerText(), '✖ DENIED (explicit)');
  assert.match(await page.locator('#summary').innerText(), /^User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: s3:PutObject/);
  // Layers in AWS's order (RCPs, then SCPs, as the command line lists them) whatever order the server sent them in.
  assert.deepEqual(await page.locator('.layer').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['kind'])), [
    'rcp',
    'scp',
    'scp',
    'resource',
    'identity',
    'boundary',
    'session',
  ]);
  assert.match((await page.locator('.layer.denies').getAttribute('title')) ?? '', /SCPs at ou-prod: denies/);
  // The deciding statement in its own text, the deciding condition marked with the request's value beside it.
  const card = page.locator('details.statement[data-key="decidingStatements/0"]');
  assert.equal(await card.getAttribute('open'), '');
  assert.match(await card.locator('summary').innerText(), /Denied by DenyOutsideOffice in DenyOutsideOffice org\/deny-outside\.policy\.json:4/);
  assert.equal(await card.locator('mark.decided').innerText(), '"aws:SourceIp": "203.0.113.0/24"');
  assert.match(await card.locator('.note').innerText(), /10\.1\.2\.3 is outside 203\.0\.113\.0\/24/);
  // The near miss says which element failed, and marks it.
  await page.locator('details.near-misses > summary').click();
  const miss = page.locator('details.statement[data-key="nearMisses/0"]');
  await miss.locator('summary .verdict').click();
  assert.match(await miss.innerText(), /✖ Resource does not match arn:aws:s3:::reports\/q1\.csv: it lists 'arn:aws:s3:::archive\/\*'/);
  assert.equal(await miss.locator('mark.failed').innerText(), '"Resource": "arn:aws:s3:::archive/*"');
  assert.deepEqual(pageErrors, []);
});

test('why, then how to fix: the reason under the verdict, and each fix a button that re-runs the request', async () => {
  await openPanel();
  await fillAndRunByKeyboard();
  await page.locator('#reason').waitFor();
  const order = await page.locator('#result > *').evaluateAll((els) => els.slice(0, 4).map((e) => e.id));
  assert.deepEqual(order, ['decision', 'summary', 'reason', 'fixes']);
  assert.equal(await page.locator('#reason').innerText(), `Why: ${REASON} ↗`);
  const buttons = page.locator('#fixes button.fix');
  assert.deepEqual(await buttons.allInnerTexts(), ['Use this context', 'Apply edit']);
  assert.match(await page.locator('#fixes').innerText(), /Set aws:SourceIp to 203\.0\.113\.0 in the request context → allowed/);

  // A context fix changes the request in the form and runs it again.
  const before = host.requests('evaluate').length;
  await buttons.first().click();
  const rerun = await host.waitFor(
    (m) => m.type === 'request' && m.method === 'evaluate' && host.requests('evaluate').indexOf(m as PanelRequest) >= before,
    'evaluate after the context fix',
  );
  assert.ok(rerun.type === 'request' && rerun.method === 'evaluate');
  assert.deepEqual(rerun.params.request.context, { 'aws:SourceIp': '203.0.113.0' });
  assert.equal(await page.locator('.ctx-key').last().inputValue(), 'aws:SourceIp');

  // An edit fix goes to the host, which applies it in its file; then the request runs again.
  const evaluations = host.requests('evaluate').length;
  await page.locator('#fixes button.fix.edit').click();
  const applied = await host.waitFor((m) => m.type === 'request' && m.method === 'applyFix', 'applyFix');
  assert.ok(applied.type === 'request' && applied.method === 'applyFix');
  assert.deepEqual(applied.params.fix, FIXES[1]);
  assert.equal(applied.params.modelUri, MODEL_URI);
  await host.waitFor(
    (m) => m.type === 'request' && m.method === 'evaluate' && host.requests('evaluate').indexOf(m as PanelRequest) >= evaluations,
    'evaluate after the edit',
  );
  await page.locator('#notice', { hasText: /^Applied: Add arn:aws:s3:::reports\/q1\.csv/ }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('a model with errors says so at the top, each a link; an answer that depends on one says so too', async () => {
  const dangling = {
    uri: MODEL_URI,
    range: { start: { line: 9, character: 22 }, end: { line: 9, character: 33 } },
    severity: 'error' as const,
    message: 'Unknown group "Developer". Did you mean "Developers"?',
    code: 'danglingReference',
  };
  host.answer = (request) => {
    if (request.method === 'loadModel') return { ...ENTITIES, diagnosticsCount: 1, errorCount: 1, diagnostics: [dangling] };
    if (request.method === 'evaluate') return { ...EVALUATE_REPLY, modelProblems: [dangling] };
    return answer(request);
  };
  await openPanel();
  const top = page.locator('#model-problems');
  await top.locator('li').waitFor();
  assert.match(
    await top.innerText(),
    /The model has 1 error: answers that depend on them may be wrong[\s\S]*Unknown group "Developer"\. Did you mean "Developers"\?/,
  );
  await top.locator('a.location').click();
  const opened = await host.waitFor((m) => m.type === 'openLocation', 'openLocation');
  assert.ok(opened.type === 'openLocation');
  assert.deepEqual(opened.location, { uri: MODEL_URI, range: dangling.range });
  await fillAndRunByKeyboard();
  await page.locator('#request-model-problems').waitFor();
  assert.match(await page.locator('#request-model-problems').innerText(), /depends on parts of the model with errors[\s\S]*Unknown group "Developer"/);
  assert.deepEqual(pageErrors, []);
});

test('a fix of two changes that only together change the decision applies its edit and its context, then runs again', async () => {
  const paired = {
    title:
      'Set aws:SourceIp to 203.0.113.0 in the request context, and add arn:aws:s3:::reports/q1.csv to the Resource of statement ReadReports of Reports → allowed',
    kind: 'edit' as const,
    edits: FIXES[1]?.edits ?? [],
    context: { 'aws:SourceIp': '203.0.113.0' },
    decision: 'allowed' as const,
    paired: true,
  };
  host.answer = (request) =>
    request.method === 'evaluate' ? { ...EVALUATE_REPLY, explanation: { ...EVALUATE_REPLY.explanation, fixes: [paired] } } : answer(request);
  await openPanel();
  await fillAndRunByKeyboard();
  await page.locator('#fixes').waitFor();
  assert.match(await page.locator('#fixes .hint').innerText(), /^No single change changes the decision; both changes of the fix below together do\./);
  const evaluations = host.requests('evaluate').length;
  await page.locator('#fixes button.fix.edit').click();
  const applied = await host.waitFor((m) => m.type === 'request' && m.method === 'applyFix', 'applyFix');
  assert.ok(applied.type === 'request' && applied.method === 'applyFix');
  assert.deepEqual(applied.params.fix, paired);
  const rerun = await host.waitFor(
    (m) => m.type === 'request' && m.method === 'evaluate' && host.requests('evaluate').indexOf(m as PanelRequest) >= evaluations,
    'evaluate after the paired fix',
  );
  assert.ok(rerun.type === 'request' && rerun.method === 'evaluate');
  assert.deepEqual(rerun.params.request.context, { 'aws:SourceIp': '203.0.113.0' });
  assert.deepEqual(pageErrors, []);
});

test("an answer the server read otherwise than typed (a principal's path) says so under the verdict", async () => {
  const note = `arn:aws:iam::111122223333:role/deployer is written with another path than the model's arn:aws:iam::111122223333:role/ci/deployer; the request is made as arn:aws:iam::111122223333:role/ci/deployer.`;
  host.answer = (request) => (request.method === 'evaluate' ? { ...EVALUATE_REPLY, notes: [note] } : answer(request));
  await openPanel();
  await fillAndRunByKeyboard();
  const shown = page.locator('.request-note');
  await shown.waitFor();
  assert.equal(await shown.innerText(), `⚠ ${note}`);
  assert.deepEqual(pageErrors, []);
});

test('a model without problems shows no problem section', async () => {
  await openPanel();
  assert.equal(await page.locator('#model-problems').isVisible(), false);
});

test('at 400 px wide: nothing scrolls sideways, context key names are never cut, hints name the buttons', async () => {
  await page.setViewportSize({ width: 400, height: 900 });
  await openPanel();
  assert.match(await page.locator('#empty').innerText(), /press Run \(Ctrl\+Enter\)/);
  assert.equal(await page.locator('#run').innerText(), 'Run ⏎');
  await page.locator('input[name="mode"][value="whoCan"]').check();
  assert.equal(await page.locator('#run').innerText(), 'Who can? ⏎');
  assert.match(await page.locator('#empty').innerText(), /press Who can\? \(Ctrl\+Enter\)/);
  await page.locator('input[name="mode"][value="simulate"]').check();
  await page.locator('#add-context').click();
  const key = page.locator('.ctx-key').last();
  await key.fill('aws:MultiFactorAuthPresent');
  await page.locator('.ctx-key').last().blur();
  // The whole name shows: the input is at least as wide as its text.
  const fits = await key.evaluate((el) => (el as HTMLInputElement).scrollWidth <= (el as HTMLInputElement).clientWidth);
  assert.ok(fits, 'the key name is cut');
  await fillAndRunByKeyboard();
  await page.locator('#fixes').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the panel scrolls sideways by ${overflow} px`);
  assert.deepEqual(pageErrors, []);
});

test('a file reference opens the editor at the exact range, by keyboard too', async () => {
  await openPanel();
  await fillAndRunByKeyboard();
  const link = page.locator('details.statement[data-key="decidingStatements/0"] summary a.location');
  await link.focus();
  await page.keyboard.press('Enter');
  const opened = await host.waitFor((m) => m.type === 'openLocation', 'openLocation');
  assert.ok(opened.type === 'openLocation');
  assert.equal(opened.location.uri, POLICY_URI);
  assert.deepEqual(opened.location.range.start, { line: 3, character: 4 });
});

test('a role session is typed under "Other" (ROLE/SESSION or its ARN) and sent as typed, for the server to read as the CLI does', async () => {
  await openPanel();
  await page.locator('#principal').selectOption({ label: 'Other: a role session or ARN…' });
  const typed = page.locator('#principal-typed');
  await typed.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'principal-typed');
  // The placeholder shows the shape with one of the model's roles.
  assert.equal(await typed.getAttribute('placeholder'), 'deployer/session-name or arn:aws:sts::111122223333:assumed-role/deployer/session-name');
  assert.match(await page.locator('#blocked').innerText(), /Type a role session as ROLE\/SESSION/);
  await typed.fill('deployer/alice');
  await page.locator('#action').fill('s3:PutObject');
  await page.locator('#resource').fill('arn:aws:s3:::reports/q1.csv');
  await page.locator('#run').click();
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'evaluate', 'evaluate');
  assert.ok(sent.type === 'request' && sent.method === 'evaluate');
  assert.equal(sent.params.request.principal, 'deployer/alice');
  // The typed principal stays typed after the result renders; picking from the list again leaves the text field.
  assert.equal(await page.locator('#principal-typed').inputValue(), 'deployer/alice');
  await page.locator('#principal').selectOption(ALICE);
  assert.equal(await page.locator('#principal-typed').count(), 0);
  assert.deepEqual(pageErrors, []);
});

test('context keys: the keys the policies test are pre-listed, with inputs that fit their types', async () => {
  await openPanel();
  const add = page.locator('#add-tested-keys');
  assert.equal(await add.innerText(), '+ 3 keys these policies test');
  await add.click();
  assert.deepEqual(await page.locator('.ctx-key').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), [
    'aws:SourceIp',
    'aws:SecureTransport',
    'aws:TagKeys',
  ]);
  // Bool gets a true/false choice, an IP address a text input with an example, a multi-valued key a list.
  assert.equal(await page.locator('.ctx-row').nth(1).locator('select.ctx-value').count(), 1);
  assert.equal(await page.locator('.ctx-row').nth(0).locator('input.ctx-value').getAttribute('placeholder'), '203.0.113.9');
  assert.match((await page.locator('.ctx-row').nth(2).locator('input.ctx-value').getAttribute('placeholder')) ?? '', /commas/);
  await page.locator('.ctx-row').nth(0).locator('input.ctx-value').fill('10.1.2.3');
  await page.locator('.ctx-row').nth(1).locator('select.ctx-value').selectOption('true');
  await page.locator('.ctx-row').nth(2).locator('input.ctx-value').fill('team, cost-center');
  await page.locator('#principal').selectOption(BOB);
  await page.locator('#action').fill('s3:PutObject');
  await page.locator('#resource').fill('arn:aws:s3:::reports/q1.csv');
  await page.locator('#run').click();
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'evaluate', 'evaluate');
  assert.ok(sent.type === 'request' && sent.method === 'evaluate');
  assert.deepEqual(sent.params.request.context, {
    'aws:SourceIp': '10.1.2.3',
    'aws:SecureTransport': 'true',
    'aws:TagKeys': ['team', 'cost-center'],
  });
  // Removing a key by keyboard.
  await page.locator('.ctx-row').nth(2).locator('button').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.ctx-row').count(), 2);
});

test('typing an action asks for suggestions and the action description; resources offer the model and ARN formats', async () => {
  await openPanel();
  await page.locator('#action').pressSequentially('s3:Put');
  await host.waitFor((m) => m.type === 'request' && m.method === 'suggestActions' && m.params.text === 's3:Put', 'suggestActions');
  await page.waitForFunction(() => document.querySelectorAll('#action-suggestions option').length === 2);
  assert.deepEqual(await page.locator('#action-suggestions option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)), [
    's3:PutObject',
    's3:PutObjectAcl',
  ]);
  await host.waitFor((m) => m.type === 'request' && m.method === 'describeAction', 'describeAction');
  await page.waitForFunction(() => document.querySelectorAll('#resource-suggestions option').length === 2);
  assert.deepEqual(await page.locator('#resource-suggestions option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)), [
    'arn:aws:s3:::reports',
    'arn:aws:s3:::${BucketName}/${ObjectName}',
  ]);
  // The caret stayed in the action field through the re-render the description caused.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'action');
});

test('who can: the form without a principal, and the list of principals allowed', async () => {
  await openPanel();
  await page.locator('input[name="mode"][value="whoCan"]').check();
  assert.equal(await page.locator('#principal').count(), 0);
  await page.locator('#action').fill('s3:GetObject');
  await page.locator('#resource').fill('arn:aws:s3:::reports/q1.csv');
  await page.keyboard.press('Control+Enter');
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'whoCan', 'whoCan');
  assert.ok(sent.type === 'request' && sent.method === 'whoCan');
  assert.deepEqual(sent.params, { modelUri: MODEL_URI, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: {} });
  await page.locator('#who-can').waitFor();
  // The answer and the callers beyond the list read in the theme's text colour: the passed and warning colours are
  // icon colours, too pale as text on a light theme; they mark the answer with a bar instead.
  const colours = await page.evaluate(() => {
    const colour = (selector: string) => getComputedStyle(document.querySelector(selector) as Element).color;
    return { text: getComputedStyle(document.body).color, decision: colour('#decision'), others: colour('#others-who-can li') };
  });
  assert.deepEqual(colours, { text: colours.text, decision: colours.text, others: colours.text });
  assert.equal(await page.locator('#decision').innerText(), '1 principal can perform s3:GetObject on arn:aws:s3:::reports/q1.csv');
  assert.match(await page.locator('#who-can tbody').innerText(), /deployer[\s\S]*role[\s\S]*Deploy statement 0/);
  assert.match(await page.locator('#request-problems').innerText(), /aws:SourceIp' holds an IP address/);
  // Callers outside the model are part of the answer, shown apart from what is wrong with the request.
  assert.match(await page.locator('#others-who-can').innerText(), /^Also able, beyond the principals listed\n[\s\S]*lets account 444455556666 in/);
  assert.doesNotMatch(await page.locator('#request-problems').innerText(), /444455556666/);
  await page.locator('#who-can a.location').click();
  await host.waitFor((m) => m.type === 'openLocation', 'openLocation');
});

test('errors: a failed run and a model that does not load are shown, not thrown', async () => {
  await openPanel();
  await page.locator('#principal').selectOption(ALICE);
  await page.locator('#action').fill('fail:Now');
  await page.locator('#resource').fill('*');
  await page.locator('#run').click();
  await page.locator('#run-error').waitFor();
  assert.equal(await page.locator('#run-error').innerText(), 'The server is not running.');
  await page.locator('#model').selectOption(OTHER_MODEL_URI);
  await page.locator('.field .error', { hasText: 'unknown key "acounts"' }).waitFor();
  assert.deepEqual(pageErrors, []);
});

test('host messages: prefill fills the form and runs; modelStatus updates the pickers; list models on request', async () => {
  await openPanel();
  await host.send({
    type: 'prefill',
    prefill: {
      mode: 'simulate',
      principal: ALICE,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::reports/q1.csv',
      context: { 'aws:SourceIp': '10.1.2.3' },
      run: true,
    },
  });
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'evaluate', 'evaluate after prefill');
  assert.ok(sent.type === 'request' && sent.method === 'evaluate');
  assert.deepEqual(sent.params.request.context, { 'aws:SourceIp': '10.1.2.3' });
  assert.equal(await page.locator('#action').inputValue(), 's3:PutObject');
  await page.locator('#decision').waitFor();

  // modelStatus carries the reloaded model's summary: the pickers follow it without asking again (asking would make
  // the server announce the load once more, and so on forever).
  const loadsBefore = host.requests('loadModel').length;
  const renamed = {
    ...ENTITIES,
    principals: [{ arn: BOB, kind: 'role' as const, name: 'deployer-v2', accountId: '111122223333', label: 'deployer-v2 (role, 111122223333)' }],
  };
  await host.send({
    type: 'modelStatus',
    status: { state: 'loaded', modelUri: MODEL_URI, summary: { ...renamed, diagnosticsCount: 0, errorCount: 0, diagnostics: [] } },
  });
  await page.locator('#principal option', { hasText: 'deployer-v2 (role, 111122223333)' }).waitFor({ state: 'attached' });
  // A status about another model is not ours.
  await host.send({ type: 'modelStatus', status: { state: 'error', modelUri: OTHER_MODEL_URI, message: 'broken' } });
  await host.send({ type: 'modelStatus', status: { state: 'error', modelUri: MODEL_URI, message: 'org.iam-model.json:2:3 bad' } });
  await page.locator('.field .error', { hasText: 'org.iam-model.json:2:3 bad' }).waitFor();
  assert.equal(host.requests('loadModel').length, loadsBefore);

  await page.locator('#refresh-models').click();
  await host.waitFor((m) => m.type === 'request' && m.method === 'listModels', 'listModels');
  assert.deepEqual(pageErrors, []);
});

test('save as test sends the request with the decision it got, and says where it went', async () => {
  await openPanel();
  assert.equal(await page.locator('#save-test').isDisabled(), true, 'nothing to save before a run');
  await fillAndRunByKeyboard();
  await page.locator('#decision').waitFor();
  await page.locator('#save-test').click();
  const sent = await host.waitFor((m) => m.type === 'request' && m.method === 'saveTest', 'saveTest');
  assert.ok(sent.type === 'request' && sent.method === 'saveTest');
  assert.deepEqual(sent.params, {
    modelUri: MODEL_URI,
    test: {
      name: 'alice cannot s3:PutObject on arn:aws:s3:::reports/q1.csv',
      principal: ALICE,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::reports/q1.csv',
      expect: 'explicitDeny',
    },
  });
  await page.locator('#notice', { hasText: 'Saved as test 3 in org.iam-test.json.' }).waitFor();
});

test('the panel survives a reload: same form, same result, and it shakes hands again', async () => {
  await openPanel();
  await fillAndRunByKeyboard();
  await page.locator('#decision').waitFor();
  host.received.length = 0;
  await page.reload();
  await host.waitFor((m) => m.type === 'ready', 'ready after reload');
  await page.locator('#decision').waitFor();
  assert.equal(await page.locator('#decision').innerText(), '✖ DENIED (explicit)');
  assert.equal(await page.locator('#action').inputValue(), 's3:PutObject');
  assert.equal(await page.locator('#resource').inputValue(), 'arn:aws:s3:::reports/q1.csv');
  await page.locator('#principal option', { hasText: 'alice' }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('#principal').inputValue(), ALICE);
  // The request is in the history and runs again from there.
  await page.locator('.history > summary').click();
  host.received.length = 0;
  await page.locator('.history li button').first().click();
  await host.waitFor((m) => m.type === 'request' && m.method === 'evaluate', 'evaluate from history');
});

test('the CSP is really enforced: an inline script is refused, the nonce’d scripts run', async () => {
  await page.goto(`${server.origin}/?inline`);
  await host.waitFor((m) => m.type === 'ready', 'ready');
  assert.equal(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan), undefined);
  assert.ok(
    // Chromium's wording changed over versions ("Refused to execute inline script…", "Executing inline script violates…").
    consoleMessages.some((m) => /inline script.*(violates|Content Security Policy)/.test(m)),
    `expected a CSP refusal, got: ${consoleMessages.join(' | ')}`,
  );
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp ?? '', /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src http:\/\/127\.0\.0\.1:\d+;/);
  // No 'unsafe-eval' or 'unsafe-inline' anywhere: what ajv's compiled validators would need could not run here.
  assert.doesNotMatch(csp ?? '', /unsafe/);
});

test('the webview bundle carries no ajv and no inline data', () => {
  const bundle = readFileSync(join(repoRoot(), 'out/webview/main.js'), 'utf8');
  assert.doesNotMatch(bundle, /ajv/i);
  assert.doesNotMatch(bundle, /new Function\(/);
  assert.doesNotMatch(bundle, /acquireVsCodeApi\(\)[\s\S]*acquireVsCodeApi\(\)/, 'acquireVsCodeApi is called once');
});

export type { WebviewToHost };
