// The activity requests in memory: a replay lists each recorded call with its status and explains the regressions;
// an AccessDenied message is explained (or only read back without a model); a generated policy comes with its proof;
// a policy change compared with its git version names the new access at the statement that grants it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  Requests,
  type DiffAccessResult,
  type ExplainDenialResult,
  type GeneratePolicyResult,
  type ReplayActivityResult,
} from '../../../server/src/lsp/protocol';
import type { LogAccess } from '../../../server/src/lsp/context';
import { realCatalog } from '../helpers/realCatalog';
import { record } from '../activity/activityFixtures';
import { startHarness, type Harness, type HarnessOptions } from './harness';

const READ_REPORTS =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "ReadReports",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::reports/*"\n    }\n  ]\n}\n';
const MODEL = JSON.stringify(
  { accounts: { '111111111111': { policies: { S3Read: './policies/s3-read.json' }, users: { alice: { policies: ['S3Read'] }, bob: {} } } } },
  null,
  2,
);
const MODEL_URI = 'file:///work/account.iam-model.json';
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const BOB = 'arn:aws:iam::111111111111:user/bob';
const user = (name: string) => ({ type: 'IAMUser', arn: `arn:aws:iam::111111111111:user/${name}`, accountId: '111111111111', userName: name });
const getObject = (name: string, key: string, extra: Record<string, unknown> = {}) =>
  record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: user(name), requestParameters: { bucketName: 'reports', key }, ...extra });
const LOG = JSON.stringify({
  Records: [
    getObject('alice', 'q1.csv'),
    getObject('bob', 'q1.csv'),
    record({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      userIdentity: user('alice'),
      requestParameters: { bucketName: 'reports', key: 'q2.csv' },
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
    }),
    record({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: user('alice') }),
  ],
});

/** Logs from a map: a folder is every file under it. */
function memoryLogs(files: Record<string, string>): LogAccess {
  return {
    collect: (paths) => ({
      files: paths.flatMap((p) => Object.keys(files).filter((f) => f === p || f.startsWith(`${p}/`))),
      errors: paths.filter((p) => !Object.keys(files).some((f) => f === p || f.startsWith(`${p}/`))).map((p) => `${p}: no such file or folder`),
    }),
    read: (path) => (files[path] !== undefined ? { ok: true, text: files[path] as string } : { ok: false, error: 'no such file' }),
  };
}

async function withServer(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const h = await startHarness({
    catalog: realCatalog(),
    files: { '/work/account.iam-model.json': MODEL, '/work/policies/s3-read.json': READ_REPORTS },
    logs: memoryLogs({ '/work/logs/day.json': LOG }),
    ...options,
  });
  try {
    await h.client.sendRequest('iamPolicy/loadModel', { uri: MODEL_URI }).catch(() => undefined);
    await run(h);
  } finally {
    await h.close();
  }
}

test('replay: each recorded call listed with its status; the call that succeeded and is now denied is a regression, explained; an unreadable path is named and the rest replayed', () =>
  withServer(async (h) => {
    const answer: ReplayActivityResult = await h.client.sendRequest(Requests.replayActivity, { uris: ['file:///work/logs', 'file:///work/missing.json'] });
    assert.deepEqual(
      answer.items.map((i) => [i.index, i.principal, i.action, i.status]),
      [
        [0, ALICE, 's3:GetObject', 'stillAllowed'],
        [1, BOB, 's3:GetObject', 'regression'],
        [2, ALICE, 's3:PutObject', 'stillDenied'],
      ],
    );
    assert.equal(answer.regressions, 1);
    assert.equal(answer.records, 4);
    assert.equal(answer.unmappedCount, 1);
    assert.equal(answer.unmapped[0]?.index, 3);
    assert.deepEqual(answer.fileErrors, ['/work/missing.json: no such file or folder']);
    const regression = answer.items[1];
    assert.equal(regression?.uri, 'file:///work/logs/day.json');
    assert.match(regression?.summary ?? '', /User: arn:aws:iam::111111111111:user\/bob is not authorized to perform: s3:GetObject/);
    assert.match(regression?.explanation?.markdown ?? '', /no identity-based policy allows/);
  }));

test('explain: an AccessDenied message is rebuilt and decided on the model; without a trusted model it is only read back', async () => {
  const message = `User: ${BOB} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::reports/q1.csv" because no identity-based policy allows the s3:GetObject action`;
  await withServer(async (h) => {
    const answer: ExplainDenialResult = await h.client.sendRequest(Requests.explainDenial, { text: message });
    assert.equal(answer.denials.length, 1);
    assert.equal(answer.denials[0]?.reproduced, true);
    assert.equal(answer.denials[0]?.decision, 'implicitDeny');
    assert.match(answer.denials[0]?.verdict ?? '', /reproduces/);
    // Then how to fix it, as the command line's explain says it: each fix checked, with its edit.
    const write = message.replace(BOB, ALICE).replaceAll('s3:GetObject', 's3:PutObject');
    const fixable: ExplainDenialResult = await h.client.sendRequest(Requests.explainDenial, { text: write });
    const fixes = fixable.denials[0]?.explanation?.fixes ?? [];
    assert.ok(fixes.length > 0 && fixes.every((fix) => fix.decision === 'allowed' && fix.edits.length > 0), JSON.stringify(fixes));
    assert.match(fixable.denials[0]?.explanation?.markdown ?? '', /How to fix \(each change alone changes the decision\)[^]*Add s3:PutObject to the Action/);
    const allowed: ExplainDenialResult = await h.client.sendRequest(Requests.explainDenial, { text: message.replace(BOB, ALICE) });
    assert.equal(allowed.denials[0]?.reproduced, false);
    await assert.rejects(
      h.client.sendRequest(Requests.explainDenial, { text: 'Access Denied' }),
      (e: { code: number; message: string }) => e.code === ErrorCodes.badInput && /not an AccessDenied message/.test(e.message),
    );
  });
  await withServer(
    async (h) => {
      const answer: ExplainDenialResult = await h.client.sendRequest(Requests.explainDenial, { text: message });
      assert.match(answer.noModel ?? '', /not trusted/);
      assert.equal(answer.denials[0]?.principal, BOB);
      assert.equal(answer.denials[0]?.decision, undefined);
    },
    { trusted: false },
  );
});

test('generate: the policy for what alice did, proven, with its report; an unknown principal is refused with close names', () =>
  withServer(async (h) => {
    const answer: GeneratePolicyResult = await h.client.sendRequest(Requests.generatePolicy, { principal: 'alice', uris: ['file:///work/logs/day.json'] });
    assert.equal(answer.principal, ALICE);
    assert.equal(answer.proofPassed, true);
    const policy = JSON.parse(answer.policyText) as { Statement: { Action: unknown; Resource: unknown }[] };
    assert.deepEqual(
      policy.Statement.map((s) => [s.Action, s.Resource]),
      [[['s3:GetObject'], ['arn:aws:s3:::reports/q1.csv']]],
    );
    assert.match(answer.report.join('\n'), /✔ Proof/);
    await assert.rejects(h.client.sendRequest(Requests.generatePolicy, { principal: 'alicia', uris: ['file:///work/logs/day.json'] }), /did you mean alice/);
  }));

test('no new access: the policy as it is against its git version; the widened resource is new access, placed at the statement that grants it', () =>
  withServer(
    async (h) => {
      await h.open('file:///work/policies/s3-read.json', READ_REPORTS.replace('arn:aws:s3:::reports/*', '*'));
      const answer: DiffAccessResult = await h.client.sendRequest(Requests.diffAccess, { uri: 'file:///work/policies/s3-read.json', base: 'HEAD' });
      assert.equal(answer.base, '/work/policies/s3-read.json at HEAD');
      assert.ok(answer.newAccess.length > 0);
      assert.ok(answer.newAccess.every((c) => c.principal === ALICE && c.action === 's3:GetObject'));
      assert.equal(answer.newAccess[0]?.location?.uri, 'file:///work/policies/s3-read.json');
      assert.equal(answer.newAccess[0]?.location?.range.start.line, 3);
      await h.change('file:///work/policies/s3-read.json', READ_REPORTS);
      const same: DiffAccessResult = await h.client.sendRequest(Requests.diffAccess, { uri: 'file:///work/policies/s3-read.json', base: 'HEAD' });
      assert.deepEqual(same.newAccess, []);
    },
    {
      fileAtRevision: (file, revision) =>
        revision === 'HEAD' && file === '/work/policies/s3-read.json' ? { text: READ_REPORTS } : { error: 'unknown revision' },
    },
  ));

test('a replay of many log files lets the server answer other documents meanwhile, and the replay still completes', async () => {
  // Forty files that each take a few milliseconds to read: long enough that a server reading them in one go would
  // answer the hover only after the whole replay.
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`/work/logs/day${i}.json`] = LOG;
  const slow = memoryLogs(files);
  const logs: LogAccess = {
    collect: slow.collect,
    read: (path) => {
      const until = Date.now() + 5;
      while (Date.now() < until) {
        // Busy: a large gzip file being read and parsed.
      }
      return slow.read(path);
    },
  };
  await withServer(
    async (h) => {
      const policyUri = 'file:///work/policies/s3-read.json';
      await h.open(policyUri, READ_REPORTS);
      const order: string[] = [];
      const replayed = h.client.sendRequest(Requests.replayActivity, { uris: ['file:///work/logs'] }).then((answer) => {
        order.push('replay');
        return answer as ReplayActivityResult;
      });
      const hovered = h.hover(policyUri, { line: 6, character: 18 }).then((hover) => {
        order.push('hover');
        return hover;
      });
      const [answer, hover] = await Promise.all([replayed, hovered]);
      assert.deepEqual(order, ['hover', 'replay']);
      assert.ok(hover !== null, 'the hover on s3:GetObject is answered');
      assert.equal(answer.files, 40);
      assert.equal(answer.regressions, 40, "bob's read, once per file");
    },
    { logs },
  );
});
