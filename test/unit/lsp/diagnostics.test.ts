import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, messageOf, startHarness, waitFor } from './harness';
import type { Diagnostic } from 'vscode-languageserver';

const BAD_ACTION = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }]\n}';

test('pull diagnostics: an unknown action is reported with its range, rule id, AWS code and documentation link', async () => {
  const h = await startHarness();
  try {
    await h.open('file:///work/p.json', BAD_ACTION);
    const diagnostics = await h.diagnostics('file:///work/p.json');
    const found = diagnostics.find((d) => d.code === 'unknownAction');
    assert.ok(found, JSON.stringify(diagnostics));
    const line = BAD_ACTION.split('\n')[found.range.start.line] ?? '';
    assert.equal(found.range.start.line, found.range.end.line);
    assert.equal(line.slice(found.range.start.character, found.range.end.character), 'GetObjekt');
    assert.equal(found.source, 'iam-policy-lab');
    assert.match(messageOf(found), /INVALID_ACTION/);
    assert.equal(
      found.codeDescription?.href,
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
    );
    assert.ok(h.initializeResult.capabilities.diagnosticProvider, 'pull diagnostics are offered to clients that support them');
  } finally {
    await h.close();
  }
});

test('per-rule severity and suppression come from the iamPolicy.rules setting', async () => {
  const off = await startHarness({ settings: { rules: { unknownAction: 'off' } } });
  try {
    await off.open('file:///work/p.json', BAD_ACTION);
    const diagnostics = await off.diagnostics('file:///work/p.json');
    assert.equal(diagnostics.filter((d) => d.code === 'unknownAction').length, 0);
  } finally {
    await off.close();
  }
  const hint = await startHarness({ settings: { rules: { unknownAction: 'hint' } } });
  try {
    await hint.open('file:///work/p.json', BAD_ACTION);
    const diagnostics = await hint.diagnostics('file:///work/p.json');
    assert.equal(diagnostics.find((d) => d.code === 'unknownAction')?.severity, 4);
  } finally {
    await hint.close();
  }
});

test('push diagnostics for clients without pull: first at once, then debounced after changes', async () => {
  const h = await startHarness({ pull: false, settings: { diagnosticsDelay: 20 } });
  try {
    assert.equal(h.initializeResult.capabilities.diagnosticProvider, undefined);
    await h.open('file:///work/p.json', BAD_ACTION);
    await waitFor(() => h.pushed.get('file:///work/p.json') !== undefined);
    assert.ok(h.pushed.get('file:///work/p.json')?.some((d) => d.code === 'unknownAction'));
    await h.change('file:///work/p.json', BAD_ACTION.replace('GetObjekt', 'GetObject'));
    await waitFor(() => !h.pushed.get('file:///work/p.json')?.some((d) => d.code === 'unknownAction'));
  } finally {
    await h.close();
  }
});

test('JSON files that are not policies get no diagnostics; broken attempts at policies do', async () => {
  const h = await startHarness();
  try {
    await h.open('file:///work/package.json', '{ "name": "x", "version": "1.0.0" }');
    assert.deepEqual(await h.diagnostics('file:///work/package.json'), []);
    await h.open('file:///work/broken.json', '{ "statement": [ { "Effect": "Allow" } ] }');
    const diagnostics = await h.diagnostics('file:///work/broken.json');
    assert.ok(diagnostics.length > 0, 'a miscased Statement is still a policy document');
  } finally {
    await h.close();
  }
});

test('policies inside an account model are validated with their own policy type, at their place in the file', async () => {
  const model = JSON.stringify(
    {
      accounts: {
        '111111111111': {
          users: { alice: { inlinePolicies: { extra: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] } } } },
          roles: { deployer: { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] } } },
        },
      },
    },
    null,
    2,
  );
  const h = await startHarness({ files: { '/work/a.iam-model.json': model } });
  try {
    await h.open('file:///work/a.iam-model.json', model);
    const diagnostics = await h.diagnostics('file:///work/a.iam-model.json');
    const unknown = diagnostics.find((d) => d.code === 'unknownAction');
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.code)));
    const line = model.split('\n')[unknown.range.start.line] ?? '';
    assert.equal(line.slice(unknown.range.start.character, unknown.range.end.character), 'GetObjekt');
    assert.match(line, /"s3:GetObjekt"/);
    // The trust policy has no Principal: only a trust-policy rule reports that.
    assert.ok(
      diagnostics.some((d) => /principal/i.test(messageOf(d))),
      'trust policy validated as a trust policy',
    );
  } finally {
    await h.close();
  }
});

test('the model loader reports problems of a model file with a range (unknown keys, dangling references)', async () => {
  const model = '{\n  "accounts": {\n    "111111111111": {\n      "users": { "alice": { "policies": ["NoSuchPolicy"] } }\n    }\n  },\n  "bogus": 1\n}';
  const h = await startHarness({ files: { '/work/a.iam-model.json': model } });
  try {
    await h.open('file:///work/a.iam-model.json', model);
    const diagnostics = await h.diagnostics('file:///work/a.iam-model.json');
    const lines = model.split('\n');
    const texts = diagnostics.map((d) => (lines[d.range.start.line] ?? '').slice(d.range.start.character, d.range.end.character));
    assert.ok(
      texts.some((t) => t.includes('bogus')),
      JSON.stringify(diagnostics),
    );
    assert.ok(
      texts.some((t) => t.includes('NoSuchPolicy')),
      JSON.stringify(diagnostics),
    );
  } finally {
    await h.close();
  }
});

test('a trust policy naming a role its account does not have in the model is marked at the name, with the one meant', async () => {
  const model = JSON.stringify(
    {
      accounts: {
        '111111111111': {
          roles: {
            DevOps: {},
            Reader: {
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/DevOp' }, Action: 'sts:AssumeRole' }],
              },
            },
          },
        },
      },
    },
    null,
    2,
  );
  const h = await startHarness({ files: { '/work/a.iam-model.json': model } });
  try {
    await h.open('file:///work/a.iam-model.json', model);
    const found = (await h.diagnostics('file:///work/a.iam-model.json')).filter((d) => d.code === 'unknownPolicyPrincipal');
    assert.equal(found.length, 1, JSON.stringify(found));
    const range = (found[0] as Diagnostic).range;
    assert.equal((model.split('\n')[range.start.line] ?? '').slice(range.start.character, range.end.character), '"arn:aws:iam::111111111111:role/DevOp"');
    assert.match(messageOf(found[0] as Diagnostic), /Did you mean arn:aws:iam::111111111111:role\/DevOps\?/);
    // The one meant is a quick fix away, as a misspelt action is.
    const [fix] = await h.codeActions('file:///work/a.iam-model.json', range, [found[0] as Diagnostic]);
    assert.equal(fix?.title, 'Change to arn:aws:iam::111111111111:role/DevOps');
    const edited = applyEdits(model, fix?.edit?.changes?.['file:///work/a.iam-model.json'] ?? []);
    assert.match(edited, /"AWS": "arn:aws:iam::111111111111:role\/DevOps"/);
  } finally {
    await h.close();
  }
});

test('in an untrusted workspace policies are validated but model files are not loaded', async () => {
  const model = '{ "accounts": {}, "bogus": 1 }';
  const h = await startHarness({ trusted: false, files: { '/work/a.iam-model.json': model } });
  try {
    await h.open('file:///work/a.iam-model.json', model);
    assert.deepEqual(await h.diagnostics('file:///work/a.iam-model.json'), []);
    await h.open('file:///work/p.json', BAD_ACTION);
    assert.ok((await h.diagnostics('file:///work/p.json')).some((d) => d.code === 'unknownAction'));
  } finally {
    await h.close();
  }
});

test('policies inside an authorization-details export are validated, trust policies as trust policies', async () => {
  const gaad = JSON.stringify(
    {
      RoleDetailList: [
        {
          RoleName: 'deployer',
          Arn: 'arn:aws:iam::111111111111:role/deployer',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          RolePolicyList: [
            { PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] } },
          ],
        },
      ],
    },
    null,
    2,
  );
  const h = await startHarness();
  try {
    await h.open('file:///work/gaad.json', gaad);
    const diagnostics = await h.diagnostics('file:///work/gaad.json');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unknownAction'],
      'the trust policy is valid as a trust policy',
    );
    const line = gaad.split('\n')[diagnostics[0]?.range.start.line ?? 0] ?? '';
    assert.match(line, /s3:GetObjekt/);
    // VS Code's client gives detected exports the iam-policy language: they stay exports, not one broken policy.
    await h.open('file:///work/gaad-in-vscode.json', gaad, 'iam-policy');
    const asPolicy = await h.diagnostics('file:///work/gaad-in-vscode.json');
    assert.deepEqual(
      asPolicy.map((d) => d.code),
      ['unknownAction'],
    );
  } finally {
    await h.close();
  }
});

test('settings pushed with didChangeConfiguration (no workspace/configuration) re-publish diagnostics', async () => {
  const h = await startHarness({ pull: false, configuration: false });
  try {
    await h.open('file:///work/p.json', BAD_ACTION);
    await waitFor(() => h.pushed.get('file:///work/p.json')?.some((d) => d.code === 'unknownAction') === true);
    await h.client.sendNotification('workspace/didChangeConfiguration', { settings: { iamPolicy: { rules: { unknownAction: 'off' } } } });
    await waitFor(() => h.pushed.get('file:///work/p.json')?.some((d) => d.code === 'unknownAction') === false);
  } finally {
    await h.close();
  }
});

test('settings in the initialization options apply to clients without workspace/configuration (Helix)', async () => {
  const h = await startHarness({ configuration: false, initializationOptions: { iamPolicy: { rules: { unknownAction: 'info' } } } });
  try {
    await h.open('file:///work/p.json', BAD_ACTION);
    const diagnostics = await h.diagnostics('file:///work/p.json');
    assert.equal(diagnostics.find((d) => d.code === 'unknownAction')?.severity, 3);
  } finally {
    await h.close();
  }
});

test('a document far above any quota still opens: cheap checks only, said once as a message and kept as a diagnostic', async () => {
  const h = await startHarness();
  try {
    const statements = Array.from(
      { length: 6000 },
      (_, i) => `{ "Sid": "S${i}", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b${i}/*" }`,
    );
    const big = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ], "Version": "2012-10-17"\n}`;
    assert.ok(big.length > 512 * 1024);
    await h.open('file:///work/big.json', big);
    const first = await h.diagnostics('file:///work/big.json');
    const codes = new Set(first.map((d) => d.code));
    assert.ok(codes.has('largeDocument'), [...codes].join(', '));
    assert.ok(codes.has('duplicateKey'), 'cheap structural checks still run');
    assert.ok(codes.has('policySize'), 'the size quota is still reported');
    assert.ok(!codes.has('unknownAction'), 'catalog checks are off above the limit');
    await h.change('file:///work/big.json', `${big} `);
    await h.diagnostics('file:///work/big.json');
    const shown = h.notifications.filter((n) => n.method === 'window/showMessage');
    assert.equal(shown.length, 1, 'the limit is announced once per document');
    assert.match((shown[0]?.params as { message: string }).message, /big\.json is 0\.\d MB.*iam-policy-lab check/);
    // Completion keeps working on the big document.
    const items = await h.completion('file:///work/big.json', { line: 3, character: 55 });
    assert.ok(Array.isArray(items));
  } finally {
    await h.close();
  }
});

test('a large authorization-details export is not called too big for a policy: its policies get the cheap checks', async () => {
  const h = await startHarness();
  try {
    const roles = Array.from({ length: 2500 }, (_, i) => ({
      RoleName: `role${i}`,
      Arn: `arn:aws:iam::111111111111:role/role${i}`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      RolePolicyList: [
        { PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] } },
      ],
    }));
    const gaad = JSON.stringify({ RoleDetailList: roles }, null, 2);
    assert.ok(gaad.length > 512 * 1024);
    await h.open('file:///work/gaad.json', gaad);
    const diagnostics = await h.diagnostics('file:///work/gaad.json');
    // On a busy machine the per-version time budget may also say where it stopped; that is information, not a
    // verdict on the export, and whether it appears depends on the machine's load.
    assert.deepEqual(
      [...new Set(diagnostics.map((d) => d.code))].filter((code) => code !== 'timeBudget'),
      ['largeDocument'],
    );
    const notice = diagnostics.find((d) => d.code === 'largeDocument') as Diagnostic;
    assert.match(messageOf(notice), /the 5000 policies inside it are checked only for JSON syntax/);
    assert.doesNotMatch(messageOf(notice), /far above/);
  } finally {
    await h.close();
  }
});

test('a session policy written inline in a test file is validated as one, where it is written', async () => {
  const h = await startHarness();
  try {
    const uri = 'file:///work/t.iam-test.json';
    const text = `{
  "tests": [
    { "name": "s", "principal": "arn:aws:sts::111111111111:assumed-role/r/s", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed",
      "sessionPolicies": [ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" } ] } ] }
  ]
}`;
    await h.open(uri, text);
    const found = (await h.diagnostics(uri)).find((d) => d.code === 'unknownAction');
    assert.ok(found, 'the misspelt action is found');
    assert.equal(found.range.start.line, 3);
    assert.equal(text.split('\n')[3]?.slice(found.range.start.character, found.range.end.character), 'GetObjekt');
  } finally {
    await h.close();
  }
});
