/**
 * What really happened, in the real VS Code workbench: a day of CloudTrail logs replayed from the command palette
 * into the Testing view (the call the model now denies fails, with its explanation), and an AccessDenied error pasted
 * into the input box and explained on the model. Started by scripts/test-e2e.mjs on a copy of examples/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../unit/helpers/repoRoot';
import { Workbench } from './workbench';

const url = process.env['IAM_LAB_E2E_URL'];
const workspace = process.env['IAM_LAB_E2E_WORKSPACE'] ?? '';
const screenshots = process.env['IAM_LAB_SCREENSHOTS'];
const skip = url ? false : 'run through scripts/test-e2e.mjs (it starts code-server)';

// The examples' day of CloudTrail (test/activity): bob read an invoice that no policy of today's model lets him read.
const LOG = join(workspace, 'cloudtrail', 'examples-day.json');
const BOB_DENIED =
  'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-app-data/uploads/invoice-42.pdf because no identity-based policy allows the s3:GetObject action';

let wb: Workbench;

function explorerRow(page: Workbench['page'], label: string) {
  return page.locator('.test-explorer .monaco-list-row', { hasText: label }).first();
}

/** Waits until the row shows the state (its icon's class or its accessible label say passed or failed). */
async function hasState(row: ReturnType<typeof explorerRow>, state: RegExp): Promise<void> {
  await row.waitFor({ timeout: 15_000 });
  for (let i = 0; i < 60; i++) {
    const html = await row.evaluate((el) => `${el.getAttribute('aria-label') ?? ''} ${el.innerHTML}`);
    if (state.test(html.replace(/record \d+ ·[^<]*/g, ''))) return;
    await row.page().waitForTimeout(250);
  }
  assert.fail(`the row does not show ${state}: ${await row.evaluate((el) => el.outerHTML.slice(0, 400))}`);
}

/** Opens a row of the test explorer's tree (a click and the right arrow), unless it is open already. */
async function expand(page: Workbench['page'], label: string): Promise<void> {
  const row = explorerRow(page, label);
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.click();
  await page.keyboard.press('ArrowRight');
}

before(async () => {
  if (!url) return;
  mkdirSync(join(workspace, 'cloudtrail'), { recursive: true });
  copyFileSync(join(repoRoot(), 'test', 'activity', 'examples-day.json'), LOG);
  wb = await Workbench.open(url, screenshots);
  await wb.page.locator('.statusbar-item', { hasText: 'IAM: organization.iam-model.json' }).waitFor({ timeout: 60_000 });
});

after(async () => {
  await wb?.close();
});

test('replaying a day of CloudTrail logs fills the Testing view; the call the model now denies fails with its explanation', { skip }, async () => {
  const page = wb.page;
  await wb.command('IAM Policy: Replay CloudTrail Logs Against the Account Model');
  await wb.acceptOpenDialog(LOG);
  await wb.notification('1 call succeeded in the log but would now be denied');
  // With two test controllers the explorer shows each as a root: open the replay's root and its log file.
  await expand(page, 'CloudTrail Replay');
  await expand(page, 'examples-day.json');
  const regression = explorerRow(page, 'record 6 · s3:GetObject · bob');
  await regression.waitFor({ timeout: 15_000 });
  await hasState(regression, /fail/i);
  // Calls the model still allows pass.
  await hasState(explorerRow(page, 'record 1 · s3:GetObject · alice'), /pass/i);
  // Opening the failed call peeks its message: the explanation of today's decision, AWS's sentence first.
  await regression.dblclick();
  const sentence = page.getByText(/is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-app-data\/uploads\/invoice-42\.pdf/).first();
  const peeked = await sentence.waitFor({ timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  if (!peeked) {
    await page.keyboard.press('Escape');
    await wb.command('Test: Go to Next Test Failure');
    await sentence.waitFor({ timeout: 30_000 });
  }
  await wb.screenshot('replay');
});

test('an AccessDenied error pasted into the input box is explained: the model reproduces it, and says why', { skip }, async () => {
  const page = wb.page;
  await wb.command('IAM Policy: Explain an AccessDenied Error');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(BOB_DENIED);
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'AccessDenied explained' }).waitFor({ timeout: 30_000 });
  const text = await wb.editorText();
  assert.match(text, /The model reproduces the denial AWS reported/);
  assert.match(text, /user\/bob is not authorized to perform: s3:GetObject/);
  await wb.screenshot('explain-access-denied');
});
