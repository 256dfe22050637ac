import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  Notifications,
  Requests,
  locationKey,
  type EvaluateResult,
  type ListModelEntitiesResult,
  type LoadModelResult,
  type ModelStatus,
  type RunTestsResult,
  type WhoCanResult,
  WHO_CAN_DENIED_LISTED,
} from '../../../server/src/lsp/protocol';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { startHarness, waitFor, type Harness, type HarnessOptions } from './harness';

const POLICY =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "ReadReports",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::reports/*"\n    }\n  ]\n}\n';
const MODEL = JSON.stringify(
  {
    accounts: {
      '111111111111': {
        policies: { S3Read: './policies/s3-read.json' },
        users: { alice: { policies: ['S3Read'] }, bob: {} },
      },
    },
  },
  null,
  2,
);
const TESTS = JSON.stringify(
  {
    model: './account.iam-model.json',
    tests: [
      {
        name: 'alice reads reports',
        principal: 'arn:aws:iam::111111111111:user/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::reports/q1.csv',
        expect: 'allowed',
      },
      {
        name: 'bob reads reports',
        principal: 'arn:aws:iam::111111111111:user/bob',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::reports/q1.csv',
        expect: 'allowed',
      },
    ],
  },
  null,
  2,
);
const FILES = {
  '/work/account.iam-model.json': MODEL,
  '/work/policies/s3-read.json': POLICY,
  '/work/reports.iam-test.json': TESTS,
};
const MODEL_URI = 'file:///work/account.iam-model.json';
const ALICE = 'arn:aws:iam::111111111111:user/alice';

async function withServer(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const h = await startHarness({ files: FILES, ...options });
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

test('loadModel returns the summary and the server announces the model', () =>
  withServer(async (h) => {
    const summary: LoadModelResult = await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    assert.deepEqual(summary.principals.map((p) => p.name).sort(), ['alice', 'bob', 'root']);
    assert.deepEqual(summary.accounts, ['111111111111']);
    assert.deepEqual(summary.actions, ['s3:GetObject']);
    assert.equal(summary.errorCount, 0);
    await waitFor(() => h.notifications.some((n) => n.method === Notifications.modelStatus && (n.params as ModelStatus).state === 'loaded'));
    const status: ModelStatus = await h.client.sendRequest(Requests.getModelStatus, {});
    assert.equal(status.modelUri, MODEL_URI);
    const entities: ListModelEntitiesResult = await h.client.sendRequest(Requests.listModelEntities, {});
    assert.ok(entities.principals.some((p) => p.arn === ALICE));
  }));

test('evaluate: the decision, the explanation, and the deciding statement located in its file', () =>
  withServer(async (h) => {
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const reply: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
    });
    assert.equal(reply.result.decision, 'allowed');
    assert.match(reply.explanation.summary, /is allowed to perform: s3:GetObject/);
    assert.match(reply.explanation.markdown, /ALLOWED/);
    const location = reply.locations[locationKey('decidingStatements', 0)];
    assert.ok(location, JSON.stringify(Object.keys(reply.locations)));
    assert.equal(location.uri, 'file:///work/policies/s3-read.json');
    assert.deepEqual(location.range.start, { line: 3, character: 4 }, 'the statement object starts on line 4');
    const denied: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      modelUri: MODEL_URI,
      request: { principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' },
    });
    assert.equal(denied.result.decision, 'implicitDeny');
  }));

test("evaluate: a denial carries the reason, the verified fixes with LSP ranges, and the statements' text", () =>
  withServer(async (h) => {
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const reply: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::archive/q1.csv' },
    });
    assert.equal(reply.result.decision, 'implicitDeny');
    assert.match(
      reply.explanation.reason,
      /^Statement ReadReports of S3Read .*would allow s3:GetObject, but Resource does not match arn:aws:s3:::archive\/q1\.csv/,
    );
    assert.equal(reply.explanation.reasonLocation?.uri, 'file:///work/policies/s3-read.json');
    assert.deepEqual(reply.explanation.reasonLocation?.range.start, { line: 7, character: 6 }, 'the Resource element');
    // Why and how come right under the verdict in the markdown that hovers and the Testing view show.
    assert.match(reply.explanation.markdown, /^\*\*✖ DENIED \(implicit deny\)\*\*\n+User: [^\n]*\n+Why: /);
    const fix = reply.explanation.fixes[0];
    assert.ok(fix);
    assert.equal(fix.kind, 'edit');
    assert.equal(fix.decision, 'allowed');
    assert.deepEqual(fix.edits, [
      {
        uri: 'file:///work/policies/s3-read.json',
        range: { start: { line: 7, character: 18 }, end: { line: 7, character: 42 } },
        newText: '["arn:aws:s3:::reports/*", "arn:aws:s3:::archive/q1.csv"]',
      },
    ]);
    assert.deepEqual(reply.explanation.snippets['nearMisses/0'], { text: POLICY.split('\n').slice(3, 9).join('\n'), start: { line: 3, character: 0 } });
    assert.ok(reply.explanation.locations['nearMisses/0/reasons/0']);
    // An allowed request needs no fix.
    const allowed: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
    });
    assert.deepEqual(allowed.explanation.fixes, []);
  }));

test('evaluate names the model errors the request depends on, and only those', async () => {
  const broken = JSON.stringify(
    {
      accounts: {
        '111111111111': {
          policies: { S3Read: './policies/s3-read.json' },
          groups: { readers: { policies: ['S3Read'] } },
          users: { alice: { groups: ['reader'] }, bob: { policies: ['S3Read'] }, carol: { policies: ['S3Raed'] } },
        },
      },
    },
    null,
    2,
  );
  const h = await startHarness({ files: { ...FILES, '/work/broken.iam-model.json': broken } });
  try {
    const uri = 'file:///work/broken.iam-model.json';
    const ask = (user: string): Promise<EvaluateResult> =>
      h.client.sendRequest(Requests.evaluate, {
        modelUri: uri,
        request: { principal: `arn:aws:iam::111111111111:user/${user}`, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
      });
    const alice = await ask('alice');
    assert.equal(alice.modelProblems?.length, 1, JSON.stringify(alice.modelProblems));
    assert.match(alice.modelProblems?.[0]?.message ?? '', /reader/);
    assert.equal(
      alice.modelProblems?.[0]?.range.start.line,
      broken.split('\n').findIndex((l) => l.includes('"reader"')),
    );
    // bob's part of the model is sound: his answer carries no problem of carol's.
    assert.equal((await ask('bob')).modelProblems, undefined);
    assert.match((await ask('carol')).modelProblems?.[0]?.message ?? '', /S3Raed/);
  } finally {
    await h.close();
  }
});

test("a role asked by an ARN without its path is the model's role, and the answer says so", async () => {
  const withPath = JSON.stringify({
    accounts: { '111111111111': { roles: { AppRole: { path: '/service-role/', inlinePolicies: { read: JSON.parse(POLICY) } } } } },
  });
  const h = await startHarness({ files: { ...FILES, '/work/paths.iam-model.json': withPath } });
  try {
    const ask = (principal: string): Promise<EvaluateResult> =>
      h.client.sendRequest(Requests.evaluate, {
        modelUri: 'file:///work/paths.iam-model.json',
        request: { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' },
      });
    const written = 'arn:aws:iam::111111111111:role/AppRole';
    const real = 'arn:aws:iam::111111111111:role/service-role/AppRole';
    const corrected = await ask(written);
    assert.equal(corrected.result.decision, 'allowed');
    assert.deepEqual(corrected.notes, [`${written} is written with another path than the model's ${real}; the request is made as ${real}.`]);
    assert.equal((await ask(real)).notes, undefined);
    // A principal the model does not have, with the closest it has, as simulate warns.
    const typo = 'arn:aws:iam::111111111111:role/service-role/AppRol';
    assert.deepEqual((await ask(typo)).notes, [`${typo} is not in the model. Did you mean ${real}?`]);
  } finally {
    await h.close();
  }
});

test('an edit in an open document of the model counts at the next evaluation, saved or not', () =>
  withServer(async (h) => {
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const ask = (): Promise<EvaluateResult> =>
      h.client.sendRequest(Requests.evaluate, { request: { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::archive/q1.csv' } });
    const before = await ask();
    assert.equal(before.result.decision, 'implicitDeny');
    const fix = before.explanation.fixes[0];
    assert.ok(fix);
    // The fix applied in the editor, as the panel's button does, and not saved.
    const uri = 'file:///work/policies/s3-read.json';
    await h.open(uri, POLICY);
    const lines = POLICY.split('\n');
    const edit = fix.edits[0];
    assert.ok(edit);
    const line = lines[edit.range.start.line] ?? '';
    lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
    await h.change(uri, lines.join('\n'));
    assert.equal((await ask()).result.decision, 'allowed');
  }));

test('whoCan lists every principal of the model allowed the request, with the granting statement', () =>
  withServer(async (h) => {
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const reply: WhoCanResult = await h.client.sendRequest(Requests.whoCan, { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' });
    // The account root has full access in an account outside an organization.
    assert.deepEqual(reply.allowed.map((e) => e.principal.name).sort(), ['alice', 'root']);
    const alice = reply.allowed.find((e) => e.principal.name === 'alice');
    assert.match(alice?.via ?? '', /ReadReports/);
    assert.equal(alice?.viaLocation?.uri, 'file:///work/policies/s3-read.json');
    // No statement grants the root user anything: the reason is said in words instead, with no location.
    const root = reply.allowed.find((e) => e.principal.name === 'root');
    assert.match(root?.via ?? '', /root/i);
    assert.equal(root?.viaLocation, undefined);
    assert.ok(reply.denied.some((e) => e.principal.name === 'bob'));
    assert.equal(reply.problems, undefined);
    const typo: WhoCanResult = await h.client.sendRequest(Requests.whoCan, { action: 's3:GetObjekt', resource: 'arn:aws:s3:::reports/q1.csv' });
    assert.match(typo.problems?.join('\n') ?? '', /no action 'GetObjekt'/);
  }));

test('whoCan over thousands of principals sends the allowed ones, a bounded list of the denied and their count', async () => {
  const users = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`user${i}`, {}]));
  const model = JSON.stringify({
    accounts: {
      '111122223333': {
        users: {
          ...users,
          reader: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } },
        },
      },
    },
  });
  const h = await startHarness({ files: { '/work/many.iam-model.json': model } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/many.iam-model.json' });
    const reply: WhoCanResult = await h.client.sendRequest(Requests.whoCan, { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' });
    assert.deepEqual(reply.allowed.map((e) => e.principal.name).sort(), ['reader', 'root']);
    assert.equal(reply.deniedCount, 1200);
    assert.equal(reply.denied.length, WHO_CAN_DENIED_LISTED);
  } finally {
    await h.close();
  }
});

test('whoCan sends callers beyond the principals listed apart from problems with the request: a bucket shared with a partner account', async () => {
  const model = JSON.stringify({
    accounts: {
      '111122223333': {
        resources: {
          'arn:aws:s3:::shared': {
            policy: {
              Version: '2012-10-17',
              Statement: [{ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }],
            },
          },
        },
      },
    },
  });
  const h = await startHarness({ files: { '/work/partner.iam-model.json': model } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/partner.iam-model.json' });
    const reply: WhoCanResult = await h.client.sendRequest(Requests.whoCan, {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::shared/a.csv',
      context: { 'aws:SourceIp': '10.1' },
    });
    assert.deepEqual(reply.othersWhoCan?.length, 1);
    assert.match(reply.othersWhoCan?.[0] ?? '', /^Statement Partner .* lets account 444455556666 in/);
    assert.match(reply.problems?.join('\n') ?? '', /aws:SourceIp/);
    // Still in `problems` too, for a client that knows only that field.
    assert.ok(reply.problems?.includes(reply.othersWhoCan?.[0] ?? ''));
  } finally {
    await h.close();
  }
});

test('runTests runs the tests of a test file, each with pass/fail, explanation and its location', () =>
  withServer(async (h) => {
    const reply: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json' });
    assert.equal(reply.passed, 1);
    assert.equal(reply.failed, 1);
    const failed = reply.results.find((r) => !r.pass);
    assert.equal(failed?.name, 'bob reads reports');
    assert.equal(failed?.decision, 'implicitDeny');
    assert.match(failed?.explanation?.summary ?? '', /not authorized/);
    const line = TESTS.split('\n')[failed?.location.range.start.line ?? 0] ?? '';
    assert.match(line, /\{/);
    assert.equal(failed?.location.uri, 'file:///work/reports.iam-test.json');
  }));

test('runTests: a passing test on a template-built model that met a value the template leaves open carries the notice', async () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Writer:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: writer',
    '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
    '      Policies:',
    '        - PolicyName: write',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Sid: WriteOffTheEndpoint',
    '                Effect: Allow',
    '                Action: [s3:PutObject, s3:ListBucket]',
    '                Resource: [arn:aws:s3:::shared-data, arn:aws:s3:::shared-data/*]',
    '                Condition: { StringNotEquals: { aws:SourceVpce: !ImportValue data-endpoint } }',
    '',
  ].join('\n');
  const writer = 'arn:aws:iam::123456789012:role/writer';
  const tests = JSON.stringify({
    model: './stack.yaml',
    tests: [
      { name: 'writes', principal: writer, action: 's3:PutObject', resource: 'arn:aws:s3:::shared-data/a', expect: 'allowed' },
      { name: 'cannot delete', principal: writer, action: 's3:DeleteObject', resource: 'arn:aws:s3:::shared-data/a', expect: 'implicitDeny' },
    ],
  });
  const h = await startHarness({ files: { '/work/stack.yaml': template, '/work/data.iam-test.json': tests } });
  try {
    const reply: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/data.iam-test.json' });
    assert.equal(reply.passed, 2, JSON.stringify(reply.errors));
    const problemsOf = (name: string) => reply.results.find((r) => r.name === name)?.problems;
    assert.match(problemsOf('writes')?.join('\n') ?? '', /WriteOffTheEndpoint .*met 'UNRESOLVED\(Fn::ImportValue\)'.*AWS may decide otherwise/);
    assert.equal(problemsOf('cannot delete'), undefined, 'a test no open value touches has no notice');
  } finally {
    await h.close();
  }
});

test('runTests: a failing test carries its reason; a test naming a principal the model lacks is an error there, not run', () =>
  withServer(async (h) => {
    const text = TESTS.replace(
      '"name": "alice reads reports",\n      "principal": "arn:aws:iam::111111111111:user/alice"',
      '"name": "alice reads reports",\n      "principal": "alicia"',
    );
    assert.notEqual(text, TESTS);
    h.files.set('/work/reports.iam-test.json', text);
    const reply: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json' });
    assert.equal(reply.passed, 0);
    assert.equal(reply.failed, 1);
    assert.equal(reply.invalid, 1);
    const [invalid, failed] = reply.results;
    assert.equal(invalid?.decision, undefined);
    assert.match(invalid?.error ?? '', /no user or role of the model is named 'alicia'/);
    const line = text.split('\n')[invalid?.location.range.start.line ?? 0] ?? '';
    assert.equal(line.slice(invalid?.location.range.start.character, invalid?.location.range.end.character), '"alicia"');
    assert.equal(failed?.decision, 'implicitDeny');
    assert.match(failed?.explanation?.reason ?? '', /bob/);
  }));

test("runTests: a failing test's message leads with why, once, then how to fix it, then the verdict and the evidence", () =>
  withServer(async (h) => {
    h.files.set('/work/reports.iam-test.json', TESTS.replace('"action": "s3:GetObject"', '"action": "s3:PutObject"'));
    const reply: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json' });
    const failed = reply.results[0];
    assert.equal(failed?.decision, 'implicitDeny');
    const markdown = failed?.explanation?.reasonFirstMarkdown ?? '';
    assert.match(markdown, /^\*\*Why: /);
    assert.equal(markdown.split('Why:').length, 2, markdown);
    const fixes = markdown.indexOf('How to fix');
    assert.ok(fixes > 0 && fixes < markdown.indexOf('DENIED'), markdown);
    assert.match(markdown, /Add s3:PutObject to the Action/);
    // A passing test needs no words: it carries its result, not an explanation.
    h.files.set('/work/reports.iam-test.json', TESTS);
    const passing: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json', indexes: [0] });
    assert.equal(passing.results[0]?.pass, true);
    assert.equal(passing.results[0]?.explanation, undefined);
    assert.equal(passing.results[0]?.result?.decision, 'allowed');
  }));

test('evaluate reads a typed principal as the command line does: a name, a role session as ROLE/SESSION, and says why it cannot', () =>
  withServer(async (h) => {
    const withRole = MODEL.replace('"bob": {}', '"bob": {}\n      },\n      "roles": {\n        "Reader": { "policies": ["S3Read"] }');
    assert.notEqual(withRole, MODEL);
    h.files.set('/work/account.iam-model.json', withRole);
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' };
    const session: EvaluateResult = await h.client.sendRequest(Requests.evaluate, { request: { ...request, principal: 'Reader/alice' } });
    assert.equal(session.result.request.principal, 'arn:aws:sts::111111111111:assumed-role/Reader/alice');
    assert.equal(session.result.decision, 'allowed');
    const byName: EvaluateResult = await h.client.sendRequest(Requests.evaluate, { request: { ...request, principal: 'alice' } });
    assert.equal(byName.result.request.principal, ALICE);
    await assert.rejects(
      h.client.sendRequest(Requests.evaluate, { request: { ...request, principal: 'Writer/alice' } }),
      (error: { code: number; message: string }) =>
        error.code === ErrorCodes.badInput &&
        /^Principal Writer\/alice: no role of the model is named 'Writer'; a role session is written ROLE\/SESSION/.test(error.message),
    );
  }));

test('the server reloads the model when one of its files changes', () =>
  withServer(async (h) => {
    await h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI });
    const request = { principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' };
    const before: EvaluateResult = await h.client.sendRequest(Requests.evaluate, { request });
    assert.equal(before.result.decision, 'implicitDeny');
    h.files.set('/work/policies/s3-read.json', POLICY.replace('"s3:GetObject"', '"s3:*Object"'));
    const statuses = h.notifications.length;
    await h.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///work/policies/s3-read.json', type: 2 }] });
    await waitFor(() => h.notifications.slice(statuses).some((n) => n.method === Notifications.modelStatus));
    const after: EvaluateResult = await h.client.sendRequest(Requests.evaluate, { request });
    assert.equal(after.result.decision, 'allowed');
    await waitFor(() => h.refreshes() > 0);
  }));

test('test files get diagnostics for principals the model does not know', () =>
  withServer(async (h) => {
    const text = TESTS.replace('user/bob', 'user/bobby');
    await h.open('file:///work/reports.iam-test.json', text);
    const diagnostics = await h.diagnostics('file:///work/reports.iam-test.json');
    const unknown = diagnostics.find((d) => d.code === 'unknownPrincipal');
    assert.ok(unknown, JSON.stringify(diagnostics));
    const line = text.split('\n')[unknown.range.start.line] ?? '';
    assert.equal(line.slice(unknown.range.start.character, unknown.range.end.character), '"arn:aws:iam::111111111111:user/bobby"');
  }));

test('test files get diagnostics for requests AWS would never see, at what is wrong: a misspelt action, a value of the wrong type, an unknown key', () =>
  withServer(async (h) => {
    const text = TESTS.replace(
      '"action": "s3:GetObject",\n      "resource": "arn:aws:s3:::reports/q1.csv",\n      "expect": "allowed"\n    },\n    {',
      '"action": "s3:GetObjekt",\n      "resource": "arn:aws:s3:::reports/q1.csv",\n      "context": { "aws:SourceIp": "999.1.1.1", "aws:SourceIpp": "s3:GetObjekt" },\n      "expect": "allowed"\n    },\n    {',
    );
    assert.notEqual(text, TESTS);
    await h.open('file:///work/reports.iam-test.json', text);
    const diagnostics = await h.diagnostics('file:///work/reports.iam-test.json');
    const pointedAt = (code: string) => {
      const found = diagnostics.find((d) => d.code === code);
      assert.ok(found, `${code} in ${JSON.stringify(diagnostics)}`);
      return (text.split('\n')[found.range.start.line] ?? '').slice(found.range.start.character, found.range.end.character);
    };
    assert.equal(pointedAt('unknownAction'), '"s3:GetObjekt"');
    // The action, not the context value further down that happens to read the same.
    const action = diagnostics.find((d) => d.code === 'unknownAction');
    assert.match(text.split('\n')[action?.range.start.line ?? -1] ?? '', /"action"/);
    assert.equal(pointedAt('contextValueType'), '"999.1.1.1"');
    assert.equal(pointedAt('unknownContextKey'), '"aws:SourceIpp"');
  }));

test('an untrusted workspace refuses to load account models with a clear error', () =>
  withServer(
    async (h) => {
      await assert.rejects(h.client.sendRequest(Requests.loadModel, { uri: MODEL_URI }), (error: { code: number; message: string }) => {
        assert.equal(error.code, ErrorCodes.untrusted);
        assert.match(error.message, /not trusted/);
        return true;
      });
      await assert.rejects(h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json' }));
    },
    { trusted: false },
  ));

test('evaluate without a model is refused with a message saying how to load one', () =>
  withServer(async (h) => {
    await assert.rejects(
      h.client.sendRequest(Requests.evaluate, { request: { principal: ALICE, action: 's3:GetObject', resource: '*' } }),
      (error: { code: number; message: string }) => error.code === ErrorCodes.noModel && /No account model/.test(error.message),
    );
  }));

test('a test file whose model cannot be read says so at its "model" value', () =>
  withServer(async (h) => {
    const text = TESTS.replace('./account.iam-model.json', './missing.iam-model.json');
    await h.open('file:///work/reports.iam-test.json', text);
    const diagnostics = await h.diagnostics('file:///work/reports.iam-test.json');
    const found = diagnostics.find((d) => d.code === 'modelHasErrors');
    assert.ok(found, JSON.stringify(diagnostics));
    assert.match(typeof found.message === 'string' ? found.message : '', /missing\.iam-model\.json/);
    const line = text.split('\n')[found.range.start.line] ?? '';
    assert.equal(line.slice(found.range.start.character, found.range.end.character), '"./missing.iam-model.json"');
    const run: RunTestsResult = await h.client.sendRequest(Requests.runTests, { uri: 'file:///work/reports.iam-test.json' });
    assert.deepEqual(run.results, [], 'tests against a model that cannot be read are not run');
    assert.match(run.errors[0]?.message ?? '', /missing\.iam-model\.json/);
  }));

test('evaluate on a template-built model: locations, the reason and the fixes point into the template, edits in its syntax', async () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      RoleName: reader',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]',
    '      Policies:',
    '        - PolicyName: read',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: s3:GetObject',
    '                Resource: arn:aws:s3:::reports/*',
    '',
  ].join('\n');
  const h = await startHarness({ files: { '/work/template.yaml': template } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/template.yaml' });
    const reader = 'arn:aws:iam::123456789012:role/reader';
    const allowed: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: reader, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' },
    });
    assert.equal(allowed.result.decision, 'allowed');
    const statement = allowed.locations[locationKey('decidingStatements', 0)];
    assert.equal(statement?.uri, 'file:///work/template.yaml');
    assert.deepEqual(statement?.range.start, { line: 13, character: 16 }, 'the statement at `Effect` on line 14 of the template');
    const denied: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: reader, action: 's3:GetObject', resource: 'arn:aws:s3:::other/a' },
    });
    assert.equal(denied.explanation.reasonLocation?.uri, 'file:///work/template.yaml');
    assert.deepEqual(denied.explanation.reasonLocation?.range.start, { line: 15, character: 16 }, 'the Resource element on line 16');
    // Adding an ARN turns the scalar into a list, written as YAML writes one in place of the plain scalar.
    const add = denied.explanation.fixes.find((fix) => /^Add arn:aws:s3:::other\/a to the Resource/.test(fix.title));
    assert.deepEqual(
      add?.edits.map((edit) => [edit.uri, edit.range.start, edit.range.end, edit.newText]),
      [['file:///work/template.yaml', { line: 15, character: 26 }, { line: 15, character: 48 }, '[arn:aws:s3:::reports/*, arn:aws:s3:::other/a]']],
      JSON.stringify(denied.explanation.fixes),
    );
    // And no fix claims to be an edit with nothing to apply: the panel would show an apply button that does nothing.
    assert.ok(
      denied.explanation.fixes.every((fix) => fix.kind !== 'edit' || fix.edits.length > 0),
      JSON.stringify(denied.explanation.fixes),
    );
  } finally {
    await h.close();
  }
});

test('a Terraform folder as the model in the editor: simulations on it, located in its .tf files', async () => {
  const main = [
    'resource "aws_iam_role" "app" {',
    '  name               = "app"',
    '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '}',
    '',
    'resource "aws_iam_role_policy" "read" {',
    '  role   = aws_iam_role.app.name',
    '  policy = jsonencode({',
    '    Version   = "2012-10-17"',
    '    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const h = await startHarness({ files: { '/work/infra/main.tf': main }, hclParser: loadHclParser });
  try {
    await loadHclParser();
    // Asked before the grammar is known to the server, the model says so; asked again once it has loaded, it is read.
    let summary: LoadModelResult | undefined;
    for (let attempt = 0; attempt < 200 && (summary === undefined || summary.errorCount > 0); attempt++) {
      const loaded: LoadModelResult = await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/infra' });
      summary = loaded;
      if (loaded.errorCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(summary?.errorCount, 0, JSON.stringify(summary?.diagnostics));
    const reply: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: 'arn:aws:iam::123456789012:role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' },
    });
    assert.equal(reply.result.decision, 'allowed');
    const statement = reply.locations[locationKey('decidingStatements', 0)];
    assert.equal(statement?.uri, 'file:///work/infra/main.tf');
    assert.equal(statement?.range.start.line, 9, 'the statement on line 10 of main.tf');
  } finally {
    await h.close();
  }
});

test('evaluate: an implicit denial no single change turns says so in the explanation the panel shows', async () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::team', Condition: { StringLike: { 's3:prefx': 'home/*' } } }],
  });
  const model = JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { list: './p.json' } } } } } });
  const h = await startHarness({ files: { '/work/m.iam-model.json': model, '/work/p.json': policy } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/m.iam-model.json' });
    const denied: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:ListBucket', resource: 'arn:aws:s3:::team' },
    });
    assert.equal(denied.result.decision, 'implicitDeny');
    assert.deepEqual(denied.explanation.fixes, []);
    assert.ok(
      denied.explanation.lines.some((line) => line.text.startsWith('How to fix: none of the single changes tried')),
      JSON.stringify(denied.explanation.lines.map((l) => l.text)),
    );
  } finally {
    await h.close();
  }
});

test("a misspelt action is said before how to fix, in the panel's lines as the command line prints it", async () => {
  const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::other/*' }] };
  const model = JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { read } } } } } });
  const h = await startHarness({ files: { '/work/m.iam-model.json': model } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///work/m.iam-model.json' });
    const denied: EvaluateResult = await h.client.sendRequest(Requests.evaluate, {
      request: { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObjekt', resource: 'arn:aws:s3:::team/k' },
    });
    const texts = denied.explanation.lines.map((line) => line.text);
    const typo = texts.findIndex((text) => /^! The service 's3' has no action 'GetObjekt'/.test(text));
    const howToFix = texts.findIndex((text) => text.startsWith('How to fix'));
    assert.ok(typo > 0 && howToFix > typo && texts[typo - 1]?.startsWith('Why: '), JSON.stringify(texts));
  } finally {
    await h.close();
  }
});
