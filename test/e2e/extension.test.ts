/**
 * IAM Policy Lab in the real VS Code workbench, as a user meets it: one session, in order. Started by
 * scripts/test-e2e.mjs, which installs the packaged .vsix into code-server and opens a copy of examples/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench } from './workbench';

const url = process.env['IAM_LAB_E2E_URL'];
const workspace = process.env['IAM_LAB_E2E_WORKSPACE'] ?? '';
const screenshots = process.env['IAM_LAB_SCREENSHOTS'];
const skip = url ? false : 'run through scripts/test-e2e.mjs (it starts code-server)';

let wb: Workbench;

// A scratch policy with one deliberate typo (s3:GetObjekt), for completion, hover and the quick fix.
const SCRATCH = 'scratch.policy.json';
const SCRATCH_TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:ListBucket"],
      "Resource": "*"
    }
  ]
}
`;

const PLAIN = 'plain-policy.json';

// A test file with one wrong expectation, to see how a failure reads in the Testing view.
const FAILING = 'zz-wrong-expectation.iam-test.json';
const FAILING_TEXT = JSON.stringify(
  {
    model: './organization.iam-model.json',
    tests: [
      {
        name: 'a wrong expectation: dave launching in us-east-1 is allowed',
        principal: 'arn:aws:iam::222222222222:user/dave',
        action: 'ec2:RunInstances',
        resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
        context: { 'aws:RequestedRegion': 'us-east-1' },
        expect: 'allowed',
      },
    ],
  },
  null,
  2,
);

// Templates: a SAM template and a Terraform file, each with a misspelt action, and a test file whose model is the
// template, run in the Testing view (the simulation of what the template will deploy).
const SAM_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  DataBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "app-data-\${AWS::AccountId}"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-reader
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ReadData
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [s3:GetObjects, s3:ListBucket]
                Resource: [!GetAtt DataBucket.Arn, !Sub "\${DataBucket.Arn}/*"]
`;
const TERRAFORM = `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]
  })
}
`;
const TEMPLATE_TESTS = JSON.stringify(
  {
    model: './template.yaml',
    tests: [
      {
        name: 'once deployed, app-reader lists its data bucket',
        principal: 'arn:aws:iam::123456789012:role/app-reader',
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::app-data-123456789012',
        expect: 'allowed',
      },
    ],
  },
  null,
  2,
);

before(async () => {
  if (!url) return;
  // The template files are written before the workbench opens, so quick open finds them at once.
  writeFileSync(join(workspace, 'template.yaml'), SAM_TEMPLATE);
  writeFileSync(join(workspace, 'main.tf'), TERRAFORM);
  writeFileSync(join(workspace, 'template.iam-test.json'), TEMPLATE_TESTS);
  writeFileSync(join(workspace, SCRATCH), SCRATCH_TEXT);
  writeFileSync(join(workspace, FAILING), FAILING_TEXT);
  writeFileSync(join(workspace, PLAIN), '{ "Version": "2012-10-17", "Statement": [] }\n');
  wb = await Workbench.open(url, screenshots);
});

after(async () => {
  await wb?.close();
});

test('the extension activates and the status bar shows the loaded model', { skip }, async () => {
  await wb.page.locator('.statusbar-item', { hasText: 'IAM: organization.iam-model.json' }).waitFor({ timeout: 60_000 });
});

test('the deliberate mistakes of examples/mistakes show in the Problems panel with their rule ids', { skip }, async () => {
  const page = wb.page;
  const expected: Record<string, string> = {
    'misspelt-effect.policy.json': 'invalidEffect',
    'misspelt-action.policy.json': 'unknownAction',
    'missing-version.policy.json': 'missingVersion',
    'condition-key-typo.policy.json': 'unknownGlobalConditionKey',
    'allow-with-notprincipal.policy.json': 'allowWithNotPrincipal',
  };
  for (const file of Object.keys(expected)) await wb.openFile(`mistakes/${file}`);
  await wb.command('View: Focus Problems');
  for (const [file, code] of Object.entries(expected)) {
    await page.locator('.markers-panel .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 30_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: code }).first().waitFor({ timeout: 30_000 });
  }
  assert.match(await page.locator('.markers-panel').innerText(), /'deny' is not an Effect/);
  // A plain .json file that holds a policy is recognised as one (iamPolicy.detectPolicyJson).
  await wb.openFile(PLAIN);
  await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'IAM Policy' }).waitFor({ timeout: 15_000 });
  await wb.screenshot('problems');
  await wb.command('View: Close All Editors');
});

test('a mistake in a new policy is diagnosed, and its quick fix repairs it', { skip }, async () => {
  const page = wb.page;
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "has no action 'GetObjekt'" });
  await wb.openFile(SCRATCH);
  await wb.command('View: Focus Problems');
  await problem.waitFor({ timeout: 30_000 });
  assert.match(await problem.innerText(), /Did you mean 'GetObject'/);
  // The quick fix, from the editor as a user does it: cursor on the typo, Ctrl+. and pick the fix.
  await wb.goTo(7, 19);
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 's3:GetObject'" });
  await fix.waitFor({ timeout: 15_000 });
  await fix.click();
  await page.locator('.markers-panel .monaco-list-row', { hasText: "has no action 'GetObjekt'" }).waitFor({ state: 'detached', timeout: 30_000 });
  assert.match(await wb.editorText(), /"s3:GetObject", "s3:ListBucket"/);
});

test('completion offers actions of the service, and accepting one inserts it', { skip }, async () => {
  const page = wb.page;
  await wb.goTo(7, 1);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // after "s3:ListBucket", before ],
  await page.keyboard.type(', "s3:PutObj');
  await page.keyboard.press('Control+Space');
  const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'PutObject' }).first();
  await item.waitFor({ timeout: 20_000 });
  await wb.screenshot('completion');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.match(await wb.editorText(), /"s3:PutObject/);
  await page.keyboard.press('Control+S');
});

test('hovering an action shows what it grants', { skip }, async () => {
  const page = wb.page;
  // The action name is its own token (the grammar scopes service prefix and action name apart).
  const action = wb
    .editor()
    .locator('span span', { hasText: /^GetObject$/ })
    .first();
  await action.hover();
  const hover = page.locator('.monaco-hover', { hasText: /Grants permission/ });
  await hover.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await hover.innerText(), /Grants permission to retrieve objects from Amazon S3/i);
  await wb.screenshot('hover');
  await page.keyboard.press('Escape');
});

test('the simulator explains a denied request and links to the statement that denied it', { skip }, async () => {
  const page = wb.page;
  // Room for the panel: the bottom panel and the side bar closed, as a user would for this.
  if (await page.locator('.part.panel').isVisible()) await wb.command('View: Toggle Panel Visibility');
  await wb.command('View: Close Primary Side Bar');
  await wb.command('IAM Policy: Open Simulator');
  const sim = wb.simulator();
  // dave, in the sandbox account, launches an instance in us-east-1: the sandbox OU's SCP denies other regions.
  await sim.locator('#principal option', { hasText: 'dave (user, 222222222222)' }).waitFor({ state: 'attached', timeout: 30_000 });
  await sim.locator('#principal').selectOption({ label: 'dave (user, 222222222222)' });
  await sim.locator('#action').fill('ec2:RunInstances');
  await sim.locator('#resource').fill('arn:aws:ec2:us-east-1:222222222222:instance/*');
  await sim.locator('#add-context').click();
  await sim.locator('.ctx-key').last().fill('aws:RequestedRegion');
  await sim.locator('.ctx-value').last().fill('us-east-1');
  await sim.locator('#run').click();
  await sim.locator('#decision').waitFor({ timeout: 30_000 });
  assert.equal(await sim.locator('#decision').innerText(), '✖ DENIED (explicit)');
  assert.match(
    await sim.locator('#summary').innerText(),
    /^User: arn:aws:iam::222222222222:user\/dave is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-east-1:222222222222:instance\/\* with an explicit deny in a service control policy/,
  );
  const card = sim.locator('details.statement[data-key="decidingStatements/0"]');
  assert.match(await card.locator('summary').innerText(), /Denied by DenyOutsideEuRegions/);
  // The deciding condition is marked in the statement's own text, the request's value beside it.
  assert.match(await card.locator('mark.decided').first().innerText(), /aws:RequestedRegion/);
  assert.match(await card.locator('.note').first().innerText(), /us-east-1/);
  await wb.screenshot('simulator');

  // Click through to the statement: the editor opens with the cursor on its first line.
  await card.locator('summary a.location').click();
  await page.locator('.tab.active', { hasText: 'deny-outside-allowed-regions.policy.json' }).waitFor({ timeout: 15_000 });
  const source = readFileSync(join(workspace, 'policies/org/deny-outside-allowed-regions.policy.json'), 'utf8');
  const sidLine = source.split('\n').findIndex((l) => l.includes('"DenyOutsideEuRegions"')) + 1;
  let line = 0;
  for (let i = 0; i < 20 && line !== sidLine - 1; i++) {
    await page.waitForTimeout(250);
    line = (await wb.cursor()).line;
  }
  assert.equal(line, sidLine - 1, `cursor at line ${line}, the statement's Sid is on line ${sidLine}`);

  // The inline explanation sits on the statement.
  let decorations: string[] = [];
  for (let i = 0; i < 20 && !decorations.some((d) => d.includes('denies')); i++) {
    await page.waitForTimeout(250);
    decorations = await wb.afterDecorations();
  }
  assert.ok(
    decorations.some((d) => /^✖ denies ec2:RunInstances for dave: .*us-east-1/.test(d)),
    `after-decorations: ${JSON.stringify(decorations)}`,
  );
  await wb.screenshot('decoration');

  // Save the request as a test: several test files use this model, so VS Code asks which. The examples already test
  // this very request, so the first save is refused rather than making a duplicate.
  const saveIn = async (file: string): Promise<void> => {
    await sim.locator('#save-test').click();
    const choice = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first();
    await choice.waitFor({ timeout: 15_000 });
    await choice.click();
  };
  const before = readFileSync(join(workspace, 'organization.iam-test.json'), 'utf8');
  await saveIn('organization.iam-test.json');
  await sim
    .locator('#notice', { hasText: /organization\.iam-test\.json already tests this request \(test \d+\); not saved again/ })
    .waitFor({ timeout: 15_000 });
  assert.equal(readFileSync(join(workspace, 'organization.iam-test.json'), 'utf8'), before);
  // Another region is another request: it is saved.
  await sim.locator('.ctx-value').last().fill('ap-south-1');
  await sim.locator('#run').click();
  await sim.locator('#decision', { hasText: 'DENIED' }).waitFor({ timeout: 30_000 });
  await saveIn('organization.iam-test.json');
  await sim.locator('#notice', { hasText: /Saved as test \d+ in organization\.iam-test\.json/ }).waitFor({ timeout: 15_000 });
  const saved = JSON.parse(readFileSync(join(workspace, 'organization.iam-test.json'), 'utf8')) as {
    tests: { name: string; expect: string; context?: object }[];
  };
  assert.deepEqual(saved.tests[saved.tests.length - 1], {
    name: 'dave cannot ec2:RunInstances on arn:aws:ec2:us-east-1:222222222222:instance/*',
    principal: 'arn:aws:iam::222222222222:user/dave',
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
    context: { 'aws:RequestedRegion': 'ap-south-1' },
    expect: 'explicitDeny',
  });

  await wb.command('IAM Policy: Clear Explanations');
  await page.waitForTimeout(500);
  assert.deepEqual(
    (await wb.afterDecorations()).filter((d) => d.includes('denies')),
    [],
  );
});

test('who can: every principal allowed a request, each with the statement that grants it', { skip }, async () => {
  await wb.command('IAM Policy: Who Can');
  const sim = wb.simulator();
  await sim.locator('input[name="mode"][value="whoCan"]:checked').waitFor({ timeout: 15_000 });
  await sim.locator('#action').fill('s3:PutObject');
  await sim.locator('#resource').fill('arn:aws:s3:::example-app-data/uploads/a.txt');
  await sim.locator('.ctx-key').first().fill('aws:SecureTransport');
  // aws:SecureTransport is a Bool key: its value control became a true/false choice as the key was typed.
  await sim.locator('.ctx-value').first().selectOption('true');
  await sim.locator('#run').click();
  await sim.locator('#who-can').waitFor({ timeout: 30_000 });
  const rows = await sim.locator('#who-can tbody tr').allInnerTexts();
  assert.ok(
    rows.some((r) => /alice[\s\S]*ReadAndWriteObjectsInTheAppBucket/.test(r)),
    rows.join('\n'),
  );
  assert.ok(!rows.some((r) => /\bbob\b/.test(r)), 'bob left Developers and is not allowed');
  await wb.screenshot('who-can');
});

test('the policy tests run in the Testing view, and a failure shows its explanation', { skip }, async () => {
  const page = wb.page;
  await wb.command('Testing: Focus on Test Explorer View');
  await page.locator('.test-explorer .monaco-list-row', { hasText: 'organization.iam-test.json' }).waitFor({ timeout: 30_000 });
  await wb.command('Test: Run All Tests');
  const summary = page.locator('.test-explorer .result-summary, .result-summary');
  await page.waitForFunction(() => /\d+\/\d+/.test(document.querySelector('.result-summary')?.textContent ?? ''), undefined, {
    timeout: 60_000,
  });
  // The summary counts up while the run goes on: wait until it stops changing.
  let text = '';
  for (let stable = 0, i = 0; stable < 4 && i < 120; i++) {
    await page.waitForTimeout(250);
    const now = await summary.first().innerText();
    stable = now === text ? stable + 1 : 0;
    text = now;
  }
  const m = /(\d+)\/(\d+)/.exec(text);
  assert.ok(m, `test summary: ${text}`);
  assert.ok(Number(m[2]) >= 5, `expected the example tests, got: ${text}`);
  assert.equal(Number(m[1]), Number(m[2]) - 1, `every example test passes, the wrong expectation fails: ${text}`);
  // The failure leads with why; the expected/actual diff follows it. Opened, the why reads with the AWS sentence.
  await page.locator('.part.panel .monaco-list-row', { hasText: 'Expected allowed, got explicitDeny.' }).first().waitFor({ timeout: 15_000 });
  const failure = page.locator('.part.panel .monaco-list-row', { hasText: 'Why: ' }).first();
  await failure.waitFor({ timeout: 15_000 });
  await failure.click();
  await page.locator('.part.panel', { hasText: 'is not authorized to perform: ec2:RunInstances' }).waitFor({ timeout: 15_000 });
  assert.match(await page.locator('.part.panel').innerText(), /with an explicit deny in a service control policy/);
  await wb.screenshot('tests');
});

test('templates: a SAM template and a Terraform file are diagnosed, and a test runs on the template-built model', { skip }, async () => {
  const page = wb.page;
  await wb.command('View: Close All Editors');
  await wb.openFile('template.yaml');
  await wb.command('View: Focus Problems');
  const samProblem = page.locator('.markers-panel .monaco-list-row', { hasText: "has no action 'GetObjects'" }).first();
  await samProblem.waitFor({ timeout: 60_000 });
  assert.match(await samProblem.innerText(), /in inline policy ReadData of AWS::IAM::Role AppRole/);
  await wb.openFile('main.tf');
  await page.locator('.markers-panel .monaco-list-row', { hasText: "has no action 'GetObjekt'" }).first().waitFor({ timeout: 60_000 });
  await wb.screenshot('templates');
  await wb.command('View: Close All Editors');

  await wb.command('Testing: Focus on Test Explorer View');
  await page.locator('.test-explorer .monaco-list-row', { hasText: 'template.iam-test.json' }).waitFor({ timeout: 30_000 });
  await wb.command('Test: Run All Tests');
  const summary = page.locator('.test-explorer .result-summary, .result-summary');
  let text = '';
  for (let stable = 0, i = 0; stable < 4 && i < 240; i++) {
    await page.waitForTimeout(250);
    const now = await summary
      .first()
      .innerText()
      .catch(() => '');
    stable = now === text && /\d+\/\d+/.test(now) ? stable + 1 : 0;
    text = now;
  }
  const m = /(\d+)\/(\d+)/.exec(text);
  assert.ok(m, `test summary: ${text}`);
  // Every test passes but the deliberately wrong expectation: the template's test among them.
  assert.equal(Number(m[1]), Number(m[2]) - 1, `the template's test passes: ${text}`);
  assert.doesNotMatch(
    await page
      .locator('.part.panel')
      .innerText()
      .catch(() => ''),
    /once deployed, app-reader lists its data bucket[\s\S]*Expected allowed/,
  );
});
