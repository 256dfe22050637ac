import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { explainResult } from '../../../server/src/iam/explain/explainResult';
import { formatExplanationText } from '../../../server/src/iam/explain/formatText';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { policyLookup } from '../../../server/src/iam/model/policyLookup';
import { LineIndex } from '../../../server/src/iam/span';
import { memoryHost } from '../model/memoryHost';

const SCP = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "DenyOutsideOffice", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
      "Condition": { "NotIpAddress": { "aws:SourceIp": "203.0.113.0/24" } } }
  ]
}`;

const DEV = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "WriteFromOffice", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*",
      "Condition": { "IpAddress": { "aws:SourceIp": "198.51.100.0/24" } } }
  ]
}`;

const MODEL = `{
  "organization": { "id": "o-a1b2c3d4e5", "policies": { "DenyOutsideOffice": "./scp.json" },
    "root": { "id": "r-root", "children": [ { "id": "ou-prod", "scps": ["FullAWSAccess", "DenyOutsideOffice"], "accounts": ["111111111111"] } ] } },
  "accounts": { "111111111111": {
    "policies": { "Dev": "./dev.json" },
    "groups": { "devs": { "policies": ["Dev"] } },
    "users": { "alice": { "groups": ["devs"] },
               "bob": { "inlinePolicies": { "own": { "Version": "2012-10-17", "Statement": [ { "Sid": "BobReads", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } }
  } }
}`;

const files: Record<string, string> = { '/w/m.iam-model.json': MODEL, '/w/scp.json': SCP, '/w/dev.json': DEV };
const { model, diagnostics } = loadModel('/w/m.iam-model.json', memoryHost(files));
const ALICE = 'arn:aws:iam::111111111111:user/alice';

function explain(principal: string, action: string, resource: string, context: Record<string, string> = {}) {
  return explainResult(evaluate(model, { principal, action, resource, context }), { policyOf: policyLookup(model) });
}

const at = (file: string, span: { offset: number; length: number } | undefined) =>
  span ? (files[file] ?? '').slice(span.offset, span.offset + span.length) : '';

test('the model of these tests loads cleanly', () => {
  assert.deepEqual(diagnostics, []);
});

test('an implicit deny reads like AWS AccessDenied, naming the identity-based policy layer', () => {
  const explanation = explain(ALICE, 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.7' });
  assert.equal(explanation.decision, 'implicitDeny');
  assert.equal(
    explanation.summary,
    `User: ${ALICE} is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::reports/q1.csv because no identity-based policy allows the s3:DeleteObject action`,
  );
  assert.equal(explanation.implicitDenyLayer?.kind, 'identity');
  assert.equal(explanation.implicitDenyLayer?.outcome, 'noAllow');
});

test('an explicit deny by an SCP names the layer, the statement, and the condition with both values', () => {
  const explanation = explain(ALICE, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '10.1.2.3' });
  assert.equal(explanation.decision, 'explicitDeny');
  assert.match(
    explanation.summary,
    /is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports\/q1\.csv with an explicit deny in a service control policy$/,
  );
  const deny = explanation.deciding[0];
  assert.ok(deny);
  assert.equal(deny.sid, 'DenyOutsideOffice');
  assert.equal(deny.policy.name, 'DenyOutsideOffice');
  assert.equal(deny.policy.file, '/w/scp.json');
  assert.equal(deny.statementIndex, 0);
  assert.ok(at('/w/scp.json', deny.span).startsWith('{ "Sid": "DenyOutsideOffice"'));
  const condition = deny.reasons.find((r) => r.element === 'Condition');
  assert.equal(condition?.key, 'aws:SourceIp');
  assert.deepEqual(condition?.requestValues, ['10.1.2.3']);
  assert.deepEqual(condition?.policyValues, ['203.0.113.0/24']);
  assert.match(condition?.sentence ?? '', /aws:SourceIp 10\.1\.2\.3 is not in 203\.0\.113\.0\/24/);
  assert.equal(at('/w/scp.json', condition?.span), '"aws:SourceIp": "203.0.113.0/24"');
  assert.equal(deny.inlineText, '✖ denies s3:GetObject for alice: aws:SourceIp 10.1.2.3 is not in 203.0.113.0/24 (NotIpAddress holds)');
  // The layer strip shows the OU's SCPs denying and the root's allowing.
  assert.deepEqual(
    explanation.layers.filter((l) => l.kind === 'scp').map((l) => [l.level, l.outcome]),
    [
      ['r-root', 'allows'],
      ['ou-prod', 'denies'],
      ['111111111111', 'allows'],
    ],
  );
});

test('an allow names the granting statement; a near miss names the failing condition and values', () => {
  const allowed = explain(ALICE, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.7' });
  assert.equal(allowed.decision, 'allowed');
  assert.equal(
    allowed.summary,
    `User: ${ALICE} is allowed to perform: s3:GetObject on resource: arn:aws:s3:::reports/q1.csv by statement ReadReports of identity-based policy Dev`,
  );
  assert.equal(allowed.deciding[0]?.policy.attachedTo, 'group devs');
  // An inline policy is named as one, not as "identity-based policy inline policy own".
  const BOB = 'arn:aws:iam::111111111111:user/bob';
  assert.equal(
    explain(BOB, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.7' }).summary,
    `User: ${BOB} is allowed to perform: s3:GetObject on resource: arn:aws:s3:::reports/q1.csv by statement BobReads of the inline identity-based policy own`,
  );

  const denied = explain(ALICE, 's3:PutObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.7' });
  const miss = denied.nearMisses.find((s) => s.sid === 'WriteFromOffice');
  assert.ok(miss, 'the statement that allows s3:PutObject from another network is a near miss');
  assert.equal(miss.reasons[0]?.element, 'Condition');
  assert.match(miss.reasons[0]?.sentence ?? '', /aws:SourceIp 203\.0\.113\.7 is not in 198\.51\.100\.0\/24 \(IpAddress does not hold\)/);
  assert.match(miss.headline, /^Statement WriteFromOffice of Dev \(attached to group devs\) would allow s3:PutObject, but aws:SourceIp/);
});

test('statements of inline policies point into the model file', () => {
  const explanation = explain('arn:aws:iam::111111111111:user/bob', 's3:GetObject', 'arn:aws:s3:::other/x', { 'aws:SourceIp': '203.0.113.7' });
  const statement = explanation.deciding[0];
  assert.equal(statement?.policy.file, '/w/m.iam-model.json');
  assert.ok(at('/w/m.iam-model.json', statement?.span).startsWith('{ "Sid": "BobReads"'));
});

test('the text form leads with the decision and AWS sentence, and locates each statement by line and column', () => {
  const explanation = explain(ALICE, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '10.1.2.3' });
  const text = formatExplanationText(explanation, (file, span) => {
    if (!span) return file;
    const position = new LineIndex(files[file] ?? '').position(span.offset);
    return `${file}:${position.line + 1}:${position.character + 1}`;
  });
  const lines = text.split('\n');
  assert.equal(lines[0], '✖ DENIED (explicit deny)');
  assert.equal(lines[1], explanation.summary);
  assert.ok(lines.includes('Denied by:'));
  assert.ok(lines.some((l) => l.includes('Statement DenyOutsideOffice of DenyOutsideOffice (attached to ou-prod) denies s3:GetObject  (/w/scp.json:4:5)')));
  assert.ok(
    lines.some(
      (l) =>
        l.includes('aws:SourceIp 10.1.2.3 is not in 203.0.113.0/24') &&
        l.endsWith(`(/w/scp.json:5:${(SCP.split('\n')[4] ?? '').indexOf('"aws:SourceIp"') + 1})`),
    ),
  );
  assert.ok(lines.some((l) => l.startsWith('  ✖ SCPs at ou-prod')));
});

test('a fix that deletes text reads as where the deletion starts and ends, the file named once', () => {
  const explanation = explain(ALICE, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '10.1.2.3' });
  const start = SCP.indexOf('{ "Sid"');
  const deletion = { file: '/w/scp.json', span: { offset: start, length: SCP.indexOf('} }', start) + 3 - start }, newText: '' };
  const fix = { title: 'Remove statement DenyOutsideOffice', kind: 'edit' as const, edits: [deletion], context: {}, decision: 'allowed' as const };
  const place = (file: string, span: { offset: number } | undefined) => {
    const position = new LineIndex(files[file] ?? '').position(span?.offset ?? 0);
    return `${file}:${position.line + 1}:${position.character + 1}`;
  };
  const text = formatExplanationText({ ...explanation, fixes: [fix] }, place);
  assert.ok(text.split('\n').includes('      /w/scp.json:4:5: delete up to 5:76'), text);
  const unplaced = formatExplanationText({ ...explanation, fixes: [fix] }, (file, span) => (span && span.offset === start ? place(file, span) : undefined));
  assert.ok(unplaced.split('\n').includes(`      /w/scp.json:4:5: delete ${deletion.span.length} characters`), unplaced);
});

test('a near miss on Resource quotes what the statement lists', () => {
  const explanation = explain(ALICE, 's3:GetObject', 'arn:aws:s3:::other/q1.csv', { 'aws:SourceIp': '203.0.113.7' });
  const miss = explanation.nearMisses.find((s) => s.sid === 'ReadReports');
  assert.ok(miss);
  assert.equal(miss.reasons[0]?.element, 'Resource');
  assert.deepEqual(miss.reasons[0]?.policyValues, ['arn:aws:s3:::reports/*']);
  assert.equal(miss.reasons[0]?.sentence, "Resource does not match arn:aws:s3:::other/q1.csv: it lists 'arn:aws:s3:::reports/*'");
  assert.equal(at('/w/dev.json', miss.reasons[0]?.span), '"Resource": "arn:aws:s3:::reports/*"');
});

test('within one account, the layer that allowed nothing but was not needed is marked so, not as failing', () => {
  const shared = JSON.stringify({
    accounts: {
      '111111111111': {
        users: {
          alice: { inlinePolicies: { own: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } },
          bob: {},
        },
        resources: {
          'arn:aws:s3:::data': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'BobReads',
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::data/*',
                },
              ],
            },
          },
        },
      },
    },
  });
  const bucketModel = loadModel('/w/b.iam-model.json', memoryHost({ '/w/b.iam-model.json': shared })).model;
  const layerLines = (principal: string) => {
    const result = evaluate(bucketModel, { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x' });
    assert.equal(result.decision, 'allowed');
    const text = formatExplanationText(explainResult(result, { policyOf: policyLookup(bucketModel) }), () => undefined);
    return text.split('\n').filter((line) => /^ {2}\S (resource-based policy|identity policies)/.test(line));
  };
  // Alice's own policy allows it: the bucket's policy, which names only bob, is not in her way.
  assert.deepEqual(layerLines('arn:aws:iam::111111111111:user/alice'), [
    "  ∅ resource-based policy of arn:aws:s3:::data: no statement allows s3:GetObject — Not needed: within one account, the principal's own policies allowing it suffice",
    '  ✔ identity policies of alice: allows',
  ]);
  // Bob has no policy of his own: the bucket's names him, which suffices.
  assert.deepEqual(layerLines('arn:aws:iam::111111111111:user/bob'), [
    '  ✔ resource-based policy of arn:aws:s3:::data: allows',
    '  ∅ identity policies of bob: no statement allows s3:GetObject — Not needed: the resource-side policy names this principal, which suffices within one account',
  ]);
});

test('a statement of a permissions boundary is named as the boundary of its principal, not as attached to it', () => {
  const cap = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "OnlyArchive", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::archive/*" } ] }`;
  const capped = MODEL.replace('"alice": { "groups": ["devs"] }', '"alice": { "groups": ["devs"], "permissionsBoundary": "Cap" }').replace(
    '"Dev": "./dev.json"',
    '"Dev": "./dev.json", "Cap": "./cap.json"',
  );
  const loaded = loadModel('/w/m.iam-model.json', memoryHost({ ...files, '/w/m.iam-model.json': capped, '/w/cap.json': cap })).model;
  const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: { 'aws:SourceIp': '203.0.113.7' } };
  const explanation = explainResult(evaluate(loaded, request), { policyOf: policyLookup(loaded) });
  assert.equal(explanation.decision, 'implicitDeny');
  const text = formatExplanationText(explanation, () => '');
  assert.match(text, /statement OnlyArchive of Cap \(the permissions boundary of user alice\) would allow s3:GetObject, but Resource/i);
  assert.doesNotMatch(text, /Cap \(attached to/);
});
