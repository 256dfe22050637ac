/**
 * The first hour of a newcomer, in the real VS Code workbench, on a workspace this test writes itself (not the
 * examples): a model with comments opens clean, a statement typed key by key raises no error notification, a denied
 * request says why and offers a fix, applying the fix allows it, and a failing test shows the reason first.
 * Started by scripts/test-e2e.mjs after extension.test.ts, in the same code-server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Workbench } from './workbench';

const url = process.env['IAM_LAB_E2E_URL'];
const examplesCopy = process.env['IAM_LAB_E2E_WORKSPACE'] ?? '';
const screenshots = process.env['IAM_LAB_SCREENSHOTS'];
const skip = url ? false : 'run through scripts/test-e2e.mjs (it starts code-server)';

// Beside the copy of the examples, inside the run's temporary folder, which the script removes.
const workspace = join(dirname(examplesCopy), 'first-hour');

const FILES: Record<string, string> = {
  'team.iam-model.json': `{
  // Written the way the README shows: one account, a Developers group, an EC2 role, an MFA rule.
  "accounts": {
    "111111111111": {
      "policies": {
        "DevelopersReadWrite": "./policies/developers.policy.json",
        "RequireMfaForDeletes": "./policies/require-mfa.policy.json", // trailing commas are fine too
      },
      "groups": {
        "Developers": { "policies": ["DevelopersReadWrite", "RequireMfaForDeletes"] },
      },
      "users": {
        "alice": { "groups": ["Developers"] },
      },
      "roles": {
        "app": { "trustPolicy": "./policies/ec2-trust.policy.json" },
      },
    },
  },
}
`,
  'policies/developers.policy.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadWriteUploads",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": "arn:aws:s3:::team-uploads/*"
    }
  ]
}
`,
  'policies/require-mfa.policy.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyDeletesWithoutMfa",
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*",
      "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}
`,
  'policies/ec2-trust.policy.json': `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }
  ]
}
`,
  'team.iam-test.json': `{
  // One expectation a newcomer gets wrong: deleting needs MFA.
  "model": "./team.iam-model.json",
  "tests": [
    {
      "name": "alice deletes an upload",
      "principal": "arn:aws:iam::111111111111:user/alice",
      "action": "s3:DeleteObject",
      "resource": "arn:aws:s3:::team-uploads/old.pdf",
      "expect": "allowed",
    },
  ],
}
`,
  'scratch.policy.json': `{
  "Version": "2012-10-17",
  "Statement": [
    {
    }
  ]
}
`,
  'typo.policy.json': `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]
}
`,
};

let wb: Workbench;

before(async () => {
  if (!url) return;
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  const folderUrl = new URL(url);
  folderUrl.searchParams.set('folder', workspace);
  wb = await Workbench.open(folderUrl.toString(), screenshots);
});

after(async () => {
  await wb?.close();
});

test('a model with comments and trailing commas opens as JSON with comments, with no error', { skip }, async () => {
  const page = wb.page;
  await wb.openFile('team.iam-model.json');
  await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'JSON with Comments' }).waitFor({ timeout: 30_000 });
  // A file with a deliberate typo, so we know diagnostics have arrived before we look for ones that must not be there.
  await wb.openFile('typo.policy.json');
  await wb.command('View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row', { hasText: "has no action 'GetObjekt'" }).first().waitFor({ timeout: 30_000 });
  // VS Code's JSON service may validate once before it has our schema (which allows trailing commas): what counts is
  // that nothing is left once it has.
  for (const text of ['Comments are not permitted', 'Trailing comma']) {
    await page.locator('.markers-panel .monaco-list-row', { hasText: text }).first().waitFor({ state: 'detached', timeout: 30_000 });
  }
  const problems = await page.locator('.markers-panel').innerText();
  assert.doesNotMatch(problems, /Comments are not permitted|Trailing comma|team\.iam-model\.json/, problems);
  await wb.command('View: Close All Editors');
});

test('typing a statement key by key raises no error notification', { skip }, async () => {
  const page = wb.page;
  await wb.openFile('scratch.policy.json');
  // Into the empty statement object, as a user types it: the editor closes quotes and brackets as they go, so the
  // document passes through empty keys and missing commas; the outline and breadcrumbs ask for symbols all along.
  await wb.goTo(4, 6);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  for (const line of ['"Sid": "Uploads",', '"Effect": "Allow",', '"Action": "s3:PutObject",', '"Resource": "arn:aws:s3:::team-uploads/*"']) {
    await page.keyboard.type(line, { delay: 15 });
    await page.keyboard.press('Escape'); // close the suggestion widget, as a user would, so Enter starts a new line
    await page.keyboard.press('Enter');
  }
  // The breadcrumbs show the statement by its Sid: documentSymbol answered the finished text.
  await page.locator('.breadcrumbs-control', { hasText: 'Uploads' }).waitFor({ timeout: 30_000 });
  const toasts = await page.locator('.notifications-toasts').allInnerTexts();
  assert.doesNotMatch(toasts.join('\n'), /failed|must not be falsy|Request textDocument/i, toasts.join('\n'));
  await page.keyboard.press('Control+S');
  await wb.command('View: Close All Editors');
});

test('a denied request says why under the verdict and offers fixes', { skip }, async () => {
  const page = wb.page;
  if (await page.locator('.part.panel').isVisible()) await wb.command('View: Toggle Panel Visibility');
  await wb.command('View: Close Primary Side Bar');
  await wb.command('IAM Policy: Open Simulator');
  const sim = wb.simulator();
  await sim.locator('#principal option', { hasText: 'alice (user, 111111111111)' }).waitFor({ state: 'attached', timeout: 30_000 });
  await sim.locator('#principal').selectOption({ label: 'alice (user, 111111111111)' });
  await sim.locator('#action').fill('s3:PutObject');
  await sim.locator('#resource').fill('arn:aws:s3:::team-reports/q1.pdf');
  await sim.locator('#run').click();
  await sim.locator('#decision').waitFor({ timeout: 30_000 });
  assert.equal(await sim.locator('#decision').innerText(), '✖ DENIED (implicit)');
  assert.match(
    await sim.locator('#reason').innerText(),
    /^Why: Statement ReadWriteUploads of DevelopersReadWrite \(attached to group Developers\) would allow s3:PutObject, but Resource does not match arn:aws:s3:::team-reports\/q1\.pdf/,
  );
  assert.match(
    await sim.locator('#fixes').innerText(),
    /Add arn:aws:s3:::team-reports\/q1\.pdf to the Resource of statement ReadWriteUploads of DevelopersReadWrite .*→ allowed/,
  );
  await wb.screenshot('reason-and-fixes');
});

test('applying a fix edits the policy file and the request is allowed', { skip }, async () => {
  const page = wb.page;
  const sim = wb.simulator();
  await sim.locator('#fixes button.fix.edit').first().click();
  // The status line says what happened to the edit (applied, or why not) once the request has run again.
  await sim.locator('#notice', { hasText: /\S/ }).waitFor({ timeout: 30_000 });
  assert.match(await sim.locator('#notice').innerText(), /^Applied: /);
  await sim.locator('#decision[data-decision="allowed"]').waitFor({ timeout: 30_000 });
  assert.equal(await sim.locator('#decision').innerText(), '✔ ALLOWED');
  assert.match(await sim.locator('#notice').innerText(), /^Applied: Add arn:aws:s3:::team-reports\/q1\.pdf/);
  // The edit is in the file, saved; the editor shows it.
  const saved = readFileSync(join(workspace, 'policies/developers.policy.json'), 'utf8');
  assert.match(saved, /"Resource": \["arn:aws:s3:::team-uploads\/\*", "arn:aws:s3:::team-reports\/q1\.pdf"\]/);
  await page.locator('.tab', { hasText: 'developers.policy.json' }).waitFor({ timeout: 15_000 });
  await wb.screenshot('fix-applied');
});

test('a role session typed in the panel as ROLE/SESSION is simulated as its assumed-role ARN', { skip }, async () => {
  const sim = wb.simulator();
  await sim.locator('#principal').selectOption({ label: 'Other: a role session or ARN…' });
  await sim.locator('#principal-typed').fill('app/i-0abc');
  await sim.locator('#action').fill('s3:GetObject');
  await sim.locator('#resource').fill('arn:aws:s3:::team-uploads/notes.txt');
  await sim.locator('#run').click();
  await sim.locator('#decision[data-decision="implicitDeny"]').waitFor({ timeout: 30_000 });
  assert.match(await sim.locator('#result').innerText(), /arn:aws:sts::111111111111:assumed-role\/app\/i-0abc is not authorized to perform: s3:GetObject/);
});

test('a failing test shows the reason first in the Testing view', { skip }, async () => {
  const page = wb.page;
  await wb.command('Testing: Focus on Test Explorer View');
  await page.locator('.test-explorer .monaco-list-row', { hasText: 'team.iam-test.json' }).waitFor({ timeout: 30_000 });
  await wb.command('Test: Run All Tests');
  const failure = page.locator('.part.panel .monaco-list-row', { hasText: 'Why: Statement DenyDeletesWithoutMfa of RequireMfaForDeletes' }).first();
  await failure.waitFor({ timeout: 60_000 });
  // The message's first line, the one the list shows, is the reason, said once; the expected/actual diff follows.
  const rows = await page.locator('.part.panel .monaco-list-row').allInnerTexts();
  assert.equal(rows.filter((row) => row.includes('Why:')).length, 1, rows.join('\n'));
  assert.match(await failure.innerText(), /Why: Statement DenyDeletesWithoutMfa of RequireMfaForDeletes/);
  await page.locator('.part.panel .monaco-list-row', { hasText: 'Expected allowed, got explicitDeny.' }).first().waitFor({ timeout: 15_000 });
  await failure.click();
  await page.locator('.part.panel', { hasText: 'Set aws:MultiFactorAuthPresent to true in the request context' }).waitFor({ timeout: 15_000 });
  await wb.screenshot('test-failure-reason');
});
