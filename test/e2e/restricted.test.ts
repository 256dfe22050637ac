/**
 * Restricted mode (an untrusted workspace): policies are still validated, no account model is loaded, the status bar
 * says so; trusting the workspace restarts the server, which then loads the model. scripts/test-e2e.mjs runs this
 * against a second code-server started without --disable-workspace-trust.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Workbench } from './workbench';

const url = process.env['IAM_LAB_E2E_RESTRICTED_URL'];
const skip = url ? false : 'run through scripts/test-e2e.mjs (it starts an untrusted code-server)';
let wb: Workbench;

before(async () => {
  if (url) wb = await Workbench.open(url, process.env['IAM_LAB_SCREENSHOTS']);
});

after(async () => {
  await wb?.close();
});

test('untrusted: validation works, models are not loaded; trusting the workspace loads the model', { skip }, async () => {
  const page = wb.page;
  // VS Code asks whether to trust the folder: answer as a careful user would.
  const noTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don't trust/ });
  await page.locator('.monaco-dialog-box, .statusbar-item:has-text("IAM: restricted")').first().waitFor({ timeout: 60_000 });
  if (await noTrust.isVisible()) await noTrust.click();
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: 'IAM: restricted' }).waitFor({ timeout: 60_000 });
  await wb.openFile('mistakes/misspelt-effect.policy.json');
  await wb.command('View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row', { hasText: "'deny' is not an Effect" }).waitFor({ timeout: 30_000 });

  await wb.command('Workspaces: Manage Workspace Trust');
  await page
    .locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ })
    .first()
    .click();
  await page.locator('.statusbar-item', { hasText: 'IAM: organization.iam-model.json' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.statusbar-item', { hasText: 'IAM: restricted' }).count(), 0);
});
