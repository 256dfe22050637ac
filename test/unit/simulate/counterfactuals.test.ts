import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { ContextValue } from '../../../server/src/iam/evaluator/types';
import type { Fix } from '../../../server/src/iam/explain/explanation';
import { formatExplanationText } from '../../../server/src/iam/explain/formatText';
import { SECTION } from '../../../server/src/iam/explain/sentences';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { counterfactualFixes, simulateRequest } from '../../../server/src/iam/simulate';
import { applyEdits } from '../../../server/src/iam/model/applyEdits';
import { policyLookup } from '../../../server/src/iam/model/policyLookup';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';

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
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": [
        "arn:aws:s3:::reports/*"
      ]
    },
    { "Sid": "WriteFromOffice", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/*",
      "Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/25" } } }
  ]
}`;

const MODEL = `{
  // comments are allowed in models
  "organization": { "id": "o-a1b2c3d4e5", "policies": { "DenyOutsideOffice": "./scp.json" },
    "root": { "id": "r-root", "children": [ { "id": "ou-prod", "scps": ["FullAWSAccess", "DenyOutsideOffice"], "accounts": ["111111111111"] } ] } },
  "accounts": { "111111111111": {
    "policies": { "Dev": "./dev.json" },
    "groups": { "devs": { "policies": ["Dev"] } },
    "users": { "alice": { "groups": ["devs"] } }
  } }
}`;

const FILES: Record<string, string> = { '/w/m.iam-model.json': MODEL, '/w/scp.json': SCP, '/w/dev.json': DEV };
const host = memoryHost(FILES);
const { model, diagnostics } = loadModel('/w/m.iam-model.json', host);
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const OFFICE = { 'aws:SourceIp': '203.0.113.7' };

function simulate(action: string, resource: string, context: Record<string, ContextValue>) {
  return simulateRequest({ model, modelPath: '/w/m.iam-model.json', host, request: { principal: ALICE, action, resource, context }, options: {} });
}

/** Applies one fix alone, as a user would, and evaluates the request again from the edited files. */
function decisionWith(fix: Fix, action: string, resource: string, context: Record<string, ContextValue>) {
  const edited: Record<string, string> = { ...FILES };
  for (const file of new Set(fix.edits.map((e) => e.file)))
    edited[file] = applyEdits(
      FILES[file] ?? '',
      fix.edits.filter((e) => e.file === file),
    );
  const reloaded = loadModel('/w/m.iam-model.json', memoryHost(edited)).model;
  return evaluate(reloaded, { principal: ALICE, action, resource, context: { ...context, ...fix.context } }).decision;
}

test('the model of these tests loads cleanly', () => {
  assert.deepEqual(diagnostics, []);
});

test('an implicit deny: the reason names the closest statement and its Resource; the fix adds the ARN and allows', () => {
  const { result, explanation } = simulate('s3:GetObject', 'arn:aws:s3:::archive/old.csv', OFFICE);
  assert.equal(result.decision, 'implicitDeny');
  assert.match(
    explanation.reason,
    /^Statement ReadReports of Dev \(attached to group devs\) would allow s3:GetObject, but Resource does not match arn:aws:s3:::archive\/old\.csv/,
  );
  assert.equal(explanation.reasonFile, '/w/dev.json');
  const span = explanation.reasonSpan;
  assert.ok(span);
  assert.match(DEV.slice(span.offset, span.offset + span.length), /^"Resource": \[/, 'the reason points at the Resource element');
  const fix = explanation.fixes?.[0];
  assert.ok(fix, 'a fix is offered');
  assert.equal(fix.kind, 'edit');
  assert.equal(fix.title, 'Add arn:aws:s3:::archive/old.csv to the Resource of statement ReadReports of Dev (attached to group devs) → allowed');
  assert.equal(fix.decision, 'allowed');
  // The list is written one item a line: the new item gets its own line, indented like the others.
  assert.match(applyEdits(DEV, fix.edits), /"arn:aws:s3:::reports\/\*",\n {8}"arn:aws:s3:::archive\/old\.csv"\n {6}\]/);
  assert.equal(decisionWith(fix, 's3:GetObject', 'arn:aws:s3:::archive/old.csv', OFFICE), 'allowed');
});

test('an implicit deny on an action no statement lists: the fix adds the action to a statement of the failed layer', () => {
  const { explanation } = simulate('s3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(explanation.reason, 'No statement in identity policies of alice allows s3:DeleteObject');
  const fix = explanation.fixes?.find((f) => f.decision === 'allowed');
  assert.ok(fix);
  assert.match(fix.title, /^Add s3:DeleteObject to the Action of statement ReadReports of Dev/);
  assert.match(applyEdits(DEV, fix.edits), /"Action": \["s3:GetObject", "s3:DeleteObject"\]/);
  assert.equal(decisionWith(fix, 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE), 'allowed');
});

test('a condition that did not hold: the fix is the context value that satisfies it', () => {
  const { explanation } = simulate('s3:PutObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.200' });
  assert.match(explanation.reason, /^Statement WriteFromOffice of Dev .* would allow s3:PutObject, but aws:SourceIp 203\.0\.113\.200/);
  const fix = explanation.fixes?.[0];
  assert.ok(fix);
  assert.equal(fix.kind, 'context');
  assert.deepEqual(fix.context, { 'aws:SourceIp': '203.0.113.0' });
  assert.deepEqual(fix.edits, []);
  assert.equal(decisionWith(fix, 's3:PutObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.200' }), 'allowed');
});

test('an explicit deny: the reason names the Deny and its condition; the fix is the context that makes it not apply', () => {
  const { result, explanation } = simulate('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '10.1.2.3' });
  assert.equal(result.decision, 'explicitDeny');
  assert.match(explanation.reason, /^Statement DenyOutsideOffice of DenyOutsideOffice .*denies s3:GetObject: aws:SourceIp 10\.1\.2\.3/);
  assert.equal(explanation.reasonFile, '/w/scp.json');
  const fix = explanation.fixes?.[0];
  assert.ok(fix);
  assert.deepEqual(fix.context, { 'aws:SourceIp': '203.0.113.0' });
  assert.equal(fix.decision, 'allowed');
});

test('every fix offered, applied alone, changes the decision; an allowed request has none', () => {
  const requests: [string, string, Record<string, ContextValue>][] = [
    ['s3:GetObject', 'arn:aws:s3:::archive/old.csv', OFFICE],
    ['s3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE],
    ['s3:PutObject', 'arn:aws:s3:::reports/q1.csv', {}],
    ['s3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '10.1.2.3' }],
  ];
  let count = 0;
  for (const [action, resource, context] of requests) {
    const { result, explanation } = simulate(action, resource, context);
    for (const fix of explanation.fixes ?? []) {
      count++;
      const after = decisionWith(fix, action, resource, context);
      assert.notEqual(after, result.decision, fix.title);
      assert.equal(after, fix.decision, fix.title);
    }
  }
  assert.ok(count >= 4, `fixes were offered (${count})`);
  const allowed = simulate('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(allowed.result.decision, 'allowed');
  assert.equal(allowed.explanation.fixes, undefined);
  assert.match(allowed.explanation.reason, /^Statement ReadReports of Dev .*allows s3:GetObject/);
});

test("the explanation carries each statement's text in whole lines, placed in its file", () => {
  const { explanation } = simulate('s3:GetObject', 'arn:aws:s3:::archive/old.csv', OFFICE);
  const miss = explanation.nearMisses[0];
  assert.ok(miss?.snippet);
  assert.equal(DEV.slice(miss.snippet.offset, miss.snippet.offset + miss.snippet.text.length), miss.snippet.text);
  assert.match(miss.snippet.text, /^ {4}\{\n {6}"Sid": "ReadReports"/);
  assert.match(miss.snippet.text, /\n {4}\},$/);
});

test('at most four edits are tried for one request, however many statements came close (one the loaded model cannot judge costs a model load)', () => {
  const many = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...['a', 'b', 'c', 'd', 'e'].map((b) => ({ Sid: `Read${b}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${b}/*` })),
      ...['s3:PutObject', 's3:ListBucket', 's3:DeleteObject'].map((a, i) => ({ Sid: `Other${i}`, Effect: 'Allow', Action: a, Resource: '*' })),
    ],
  });
  const files = {
    '/m/m.iam-model.json': '{ "accounts": { "111111111111": { "policies": { "P": "./p.json" }, "users": { "u": { "policies": ["P"] } } } } }',
    '/m/p.json': many,
  };
  const loaded = loadModel('/m/m.iam-model.json', memoryHost(files)).model;
  const request = { principal: 'arn:aws:iam::111111111111:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::z/k' };
  const result = evaluate(loaded, request);
  assert.equal(result.decision, 'implicitDeny');
  assert.ok(result.nearMisses.length >= 5);
  let edits = 0;
  const probe = {
    withContext: () => result.decision,
    withEdits: () => {
      edits++;
      return result.decision;
    },
  };
  assert.deepEqual(counterfactualFixes(result, policyLookup(loaded), probe), []);
  assert.equal(edits, 4);
});

test('no fix sets a context key that does not exist: a misspelt key in a policy is fixed in the policy, not the request', () => {
  const TYPO = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "FromOffice", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*", "Condition": { "IpAddress": { "aws:SourceIpAddress": "203.0.113.0/24" } } } ] }`;
  const files = { ...FILES, '/w/dev.json': TYPO };
  const typoHost = memoryHost(files);
  const typoModel = loadModel('/w/m.iam-model.json', typoHost).model;
  const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: OFFICE };
  const withCatalog = simulateRequest({ model: typoModel, modelPath: '/w/m.iam-model.json', host: typoHost, request, options: { catalog: realCatalog() } });
  assert.equal(withCatalog.result.decision, 'implicitDeny');
  const keys = (withCatalog.explanation.fixes ?? []).flatMap((f) => Object.keys(f.context));
  assert.ok(!keys.includes('aws:SourceIpAddress'), JSON.stringify(withCatalog.explanation.fixes));
  // Without a catalog nothing says the key does not exist, so the context fix is still found (and verified).
  const without = simulateRequest({ model: typoModel, modelPath: '/w/m.iam-model.json', host: typoHost, request, options: {} });
  assert.ok((without.explanation.fixes ?? []).some((f) => 'aws:SourceIpAddress' in f.context));
});

test('no fix asks the caller to set a key the model supplies, such as the principal tags', () => {
  const TAGGED = `{ "accounts": { "111111111111": { "users": { "tina": { "tags": { "team": "data" },
    "inlinePolicies": { "P": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },
      { "Sid": "OnlyPayments", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*",
        "Condition": { "StringNotEquals": { "aws:PrincipalTag/team": "payments" } } } ] } } } } } } }`;
  const taggedHost = memoryHost({ '/w/t.iam-model.json': TAGGED });
  const tagged = loadModel('/w/t.iam-model.json', taggedHost).model;
  const request = { principal: 'arn:aws:iam::111111111111:user/tina', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  const { result, explanation } = simulateRequest({ model: tagged, modelPath: '/w/t.iam-model.json', host: taggedHost, request, options: {} });
  assert.equal(result.decision, 'explicitDeny');
  assert.ok(!(explanation.fixes ?? []).some((f) => 'aws:PrincipalTag/team' in f.context), JSON.stringify(explanation.fixes));
});

test('no fix writes a resource the action never acts on into a policy: s3:ListBucket on an object is a request AWS never receives', () => {
  const LIST = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "ListReports", "Effect": "Allow", "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::reports" },
    { "Sid": "ReadArchive", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::archive/*" } ] }`;
  const listHost = memoryHost({ ...FILES, '/w/dev.json': LIST });
  const listModel = loadModel('/w/m.iam-model.json', listHost).model;
  const simulateList = (resource: string) =>
    simulateRequest({
      model: listModel,
      modelPath: '/w/m.iam-model.json',
      host: listHost,
      request: { principal: ALICE, action: 's3:ListBucket', resource, context: OFFICE },
      options: { catalog: realCatalog() },
    });
  const onObject = simulateList('arn:aws:s3:::archive/q1.csv');
  assert.equal(onObject.result.decision, 'implicitDeny');
  assert.deepEqual(onObject.explanation.fixes ?? [], [], 'no fix adds the object to ListReports, nor s3:ListBucket to ReadArchive');
  assert.ok(onObject.result.errors.some((e) => /s3:ListBucket acts on .*bucket.*AWS authorizes no such request/.test(e.message)));
  // The same statement missing another bucket is fixed by adding that bucket.
  const onBucket = simulateList('arn:aws:s3:::archive');
  assert.ok(
    (onBucket.explanation.fixes ?? []).some((f) => /Add arn:aws:s3:::archive to the Resource/.test(f.title)),
    JSON.stringify(onBucket.explanation.fixes),
  );
});

test('no fix writes a resource that is no ARN into a policy: a test that left out arn:aws:s3::: is a mistake of the test, not of the policy', () => {
  const ask = (resource: string) =>
    simulateRequest({
      model,
      modelPath: '/w/m.iam-model.json',
      host,
      request: { principal: ALICE, action: 's3:GetObject', resource, context: OFFICE },
      options: { catalog: realCatalog() },
    }).explanation.fixes ?? [];
  assert.deepEqual(
    ask('archive/old.csv').map((f) => f.title),
    [],
  );
  // Written as an ARN, the same object is a resource to add.
  assert.ok(ask('arn:aws:s3:::archive/old.csv').some((f) => /^Add arn:aws:s3:::archive\/old\.csv to the Resource/.test(f.title)));
});

test('a fix that grants more than the request says so: an action added to a statement on "*", a resource added to a statement of s3:*', () => {
  const POLICY = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ListAll", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" },
    { "Sid": "AllOfReports", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "ReadLogs", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject", "ec2:DescribeInstances", "s3:ListAllMyBuckets", "s3:GetObjectTagging"], "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"] } ] }`;
  const wideHost = memoryHost({ ...FILES, '/w/dev.json': POLICY });
  const wideModel = loadModel('/w/m.iam-model.json', wideHost).model;
  const titles = (action: string, resource: string) =>
    (
      simulateRequest({
        model: wideModel,
        modelPath: '/w/m.iam-model.json',
        host: wideHost,
        request: { principal: ALICE, action, resource, context: OFFICE },
        options: { catalog: realCatalog() },
      }).explanation.fixes ?? []
    ).map((f) => f.title);
  assert.ok(
    titles('dynamodb:DeleteTable', 'arn:aws:dynamodb:eu-west-1:111111111111:table/payroll').includes(
      'Add dynamodb:DeleteTable to the Action of statement ListAll of Dev (attached to group devs) (the statement\'s Resource is "*": the action would be allowed on every resource) → allowed',
    ),
  );
  assert.ok(
    titles('s3:GetObject', 'arn:aws:s3:::archive/q1.csv').includes(
      'Add arn:aws:s3:::archive/q1.csv to the Resource of statement AllOfReports of Dev (attached to group devs) (the statement also allows s3:* on it) → allowed',
    ),
  );
  // s3:ListBucket acts on buckets only, and ec2:DescribeInstances and s3:ListAllMyBuckets on no resource but "*": given an
  // object, the statement gains s3:GetObjectTagging on it, and nothing else.
  assert.ok(
    titles('s3:GetObject', 'arn:aws:s3:::audit/q1.csv').includes(
      'Add arn:aws:s3:::audit/q1.csv to the Resource of statement ReadLogs of Dev (attached to group devs) (the statement also allows s3:GetObjectTagging on it) → allowed',
    ),
    JSON.stringify(titles('s3:GetObject', 'arn:aws:s3:::audit/q1.csv')),
  );
});

test('a user no identity policy lets in is offered its name in a bucket policy of its own account, which suffices alone; across accounts it does not', () => {
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AliceReads',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::wide/*',
      },
    ],
  };
  const text = JSON.stringify({
    accounts: {
      '111111111111': { users: { alice: {}, intern: {} }, resources: { 'arn:aws:s3:::wide': { policy: bucketPolicy } } },
      '222222222222': { users: { visitor: {} } },
    },
  });
  const file = '/w/b.iam-model.json';
  const bucketHost = memoryHost({ [file]: text });
  const bucketModel = loadModel(file, bucketHost).model;
  const titles = (principal: string) =>
    (
      simulateRequest({
        model: bucketModel,
        modelPath: file,
        host: bucketHost,
        request: { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::wide/readme.txt' },
        options: { catalog: realCatalog() },
      }).explanation.fixes ?? []
    ).map((f) => f.title);
  // An inline policy of its own comes first: the bucket policy's statement was written for alice.
  assert.deepEqual(titles('arn:aws:iam::111111111111:user/intern'), [
    'Give user intern an inline policy AllowS3GetObject that allows s3:GetObject on arn:aws:s3:::wide/readme.txt → allowed',
    'Add arn:aws:iam::111111111111:user/intern to the Principal of statement AliceReads of policy of arn:aws:s3:::wide → allowed',
  ]);
  // Another account's user needs its own identity policy and the bucket policy: neither alone changes anything, both
  // together do.
  assert.deepEqual(titles('arn:aws:iam::222222222222:user/visitor'), [
    'Add arn:aws:iam::222222222222:user/visitor to the Principal of statement AliceReads of policy of arn:aws:s3:::wide, and give user visitor an inline policy AllowS3GetObject that allows s3:GetObject on arn:aws:s3:::wide/readme.txt → allowed',
  ]);
});

test('a misspelt action in a statement is mended where it is: the fix replaces s3:GetObjets with the request action, and the edited files allow', () => {
  const TYPO = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "ReadReports", "Effect": "Allow",
    "Action": ["s3:ListBucket", "s3:GetObjets", "s3:Get*Tagging"], "Resource": "arn:aws:s3:::reports/*" } ] }`;
  const files = { ...FILES, '/w/dev.json': TYPO };
  const typoHost = memoryHost(files);
  const typoModel = loadModel('/w/m.iam-model.json', typoHost).model;
  const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: OFFICE };
  const { explanation } = simulateRequest({ model: typoModel, modelPath: '/w/m.iam-model.json', host: typoHost, request, options: { catalog: realCatalog() } });
  const fixes = explanation.fixes ?? [];
  assert.match(fixes[0]?.title ?? '', /^Replace s3:GetObjets with s3:GetObject in the Action of statement ReadReports .*→ allowed$/, JSON.stringify(fixes));
  assert.ok(!fixes.some((f) => /^Add s3:GetObject/.test(f.title)), 'mending the typo is offered instead of adding the action beside it');
  const edit = fixes[0]?.edits[0];
  assert.equal(edit?.file, '/w/dev.json');
  const edited = applyEdits(TYPO, fixes[0]?.edits ?? []);
  assert.match(edited, /"Action": \["s3:ListBucket", "s3:GetObject", "s3:Get\*Tagging"\]/);
  // The Why names the misspelling, and points at it, rather than only saying that no statement allows the action.
  assert.match(explanation.reason, /: statement ReadReports of Dev \(attached to group devs\) lists s3:GetObjets, which is s3:GetObject misspelt$/);
  assert.equal(explanation.reasonFile, '/w/dev.json');
  assert.equal(TYPO.slice(explanation.reasonSpan?.offset, (explanation.reasonSpan?.offset ?? 0) + (explanation.reasonSpan?.length ?? 0)), '"s3:GetObjets"');
  // An action that is no near spelling of the request's is left alone: the fix adds the action instead.
  const far = simulateRequest({
    model: typoModel,
    modelPath: '/w/m.iam-model.json',
    host: typoHost,
    request: { ...request, action: 's3:PutObject' },
    options: { catalog: realCatalog() },
  });
  assert.ok(
    (far.explanation.fixes ?? []).some((f) => /^Add s3:PutObject to the Action of statement ReadReports/.test(f.title)),
    JSON.stringify(far.explanation.fixes),
  );
  assert.ok(!(far.explanation.fixes ?? []).some((f) => /^Replace/.test(f.title)));
  assert.doesNotMatch(far.explanation.reason, /misspelt/);
});

test('a misspelling beside a near miss on another statement is a sentence of its own, and the Why keeps its place', () => {
  const TWO = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ReadOther", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::other/*" },
    { "Sid": "ReadReports", "Effect": "Allow", "Action": ["s3:GetObjet"], "Resource": "arn:aws:s3:::reports/*" } ] }`;
  const { explanation } = simulateWithDev(TWO, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.match(
    explanation.reason,
    /^Statement ReadOther of Dev .* would allow s3:GetObject, but Resource does not match .*\. Statement ReadReports of Dev \(attached to group devs\) lists s3:GetObjet, which is s3:GetObject misspelt\.$/,
  );
  assert.equal(
    TWO.slice(explanation.reasonSpan?.offset, (explanation.reasonSpan?.offset ?? 0) + (explanation.reasonSpan?.length ?? 0)),
    '"Resource": "arn:aws:s3:::other/*"',
  );
});

test("the mended action is spelt as the catalog spells it, whatever the request's case", () => {
  const TYPO = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObjets", "Resource": "arn:aws:s3:::reports/*" } ] }`;
  const typoHost = memoryHost({ ...FILES, '/w/dev.json': TYPO });
  const typoModel = loadModel('/w/m.iam-model.json', typoHost).model;
  const request = { principal: ALICE, action: 's3:getobject', resource: 'arn:aws:s3:::reports/q1.csv', context: OFFICE };
  const { explanation } = simulateRequest({ model: typoModel, modelPath: '/w/m.iam-model.json', host: typoHost, request, options: { catalog: realCatalog() } });
  const fix = explanation.fixes?.[0];
  assert.match(fix?.title ?? '', /^Replace s3:GetObjets with s3:GetObject in the Action/, JSON.stringify(explanation.fixes));
  assert.equal(fix?.edits[0]?.newText, '"s3:GetObject"');
});

test('a statement that failed on a global key AWS does not define says so among the problems, with the key it resembles', () => {
  const TYPO = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "FromOffice", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*", "Condition": { "IpAddress": { "aws:SourcIp": "203.0.113.0/24" } } } ] }`;
  const typoHost = memoryHost({ ...FILES, '/w/dev.json': TYPO });
  const typoModel = loadModel('/w/m.iam-model.json', typoHost).model;
  const request = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv', context: OFFICE };
  const { explanation } = simulateRequest({ model: typoModel, modelPath: '/w/m.iam-model.json', host: typoHost, request, options: { catalog: realCatalog() } });
  assert.ok(
    explanation.errors.some((e) =>
      /^Statement FromOffice of Dev .*tests aws:SourcIp, which is no AWS global condition key \(did you mean aws:SourceIp\?\)/.test(e),
    ),
    JSON.stringify(explanation.errors),
  );
  // A key the catalog knows is not flagged: the model of the other tests fails on aws:SourceIp's value, not its name.
  const known = simulateRequest({
    model,
    modelPath: '/w/m.iam-model.json',
    host,
    request: { principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv', context: { 'aws:SourceIp': '203.0.113.200' } },
    options: { catalog: realCatalog() },
  });
  assert.equal(known.result.decision, 'implicitDeny');
  assert.ok(!known.explanation.errors.some((e) => /no AWS global condition key/.test(e)));
});

/** Simulates a request on the test model with dev.json replaced, with the real catalog (which knows the keys). */
function simulateWithDev(devText: string, action: string, resource: string, context: Record<string, ContextValue>) {
  return simulateWithFile('/w/dev.json', devText, action, resource, context);
}

/** Alice's request on the model with one of its files (`path`) written as `text`, and how a fix's edits would decide. */
function simulateWithFile(path: string, text: string, action: string, resource: string, context: Record<string, ContextValue>) {
  const files = { ...FILES, [path]: text };
  const host = memoryHost(files);
  const loaded = loadModel('/w/m.iam-model.json', host).model;
  const request = { principal: ALICE, action, resource, context };
  const simulation = simulateRequest({ model: loaded, modelPath: '/w/m.iam-model.json', host, request, options: { catalog: realCatalog() } });
  /** The decision once every edit of the fix is made in the file and the model loaded again. */
  const decisionAfter = (fix: Fix | undefined) => {
    const edited = { ...files, [path]: applyEdits(text, fix?.edits ?? []) };
    return evaluate(loadModel('/w/m.iam-model.json', memoryHost(edited)).model, { ...request, context: { ...context, ...fix?.context } }).decision;
  };
  return { ...simulation, decisionAfter };
}

test('a service key misspelt in a condition is named as no key of the service, and mended in the policy: s3:prefx becomes s3:prefix', () => {
  // AWS's documented per-user folder policy (ListBucket limited by s3:prefix), with the key misspelt.
  const DEV_TYPO = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "ListOwnFolder", "Effect": "Allow", "Action": "s3:ListBucket",
    "Resource": "arn:aws:s3:::reports", "Condition": { "StringLike": { "s3:prefx": ["home/\${aws:username}/*"] } } } ] }`;
  const { result, explanation, decisionAfter } = simulateWithDev(DEV_TYPO, 's3:ListBucket', 'arn:aws:s3:::reports', {
    ...OFFICE,
    's3:prefix': 'home/alice/notes/',
  });
  assert.equal(result.decision, 'implicitDeny');
  assert.ok(
    explanation.errors.some((e) =>
      /^Statement ListOwnFolder of Dev .*tests s3:prefx, which is not among the condition keys the catalog lists for s3 \(did you mean s3:prefix\?\): unless the catalog lags AWS/.test(
        e,
      ),
    ),
    JSON.stringify(explanation.errors),
  );
  const fix = explanation.fixes?.[0];
  assert.match(
    fix?.title ?? '',
    /^Replace s3:prefx with s3:prefix in the Condition of statement ListOwnFolder .*→ allowed$/,
    JSON.stringify(explanation.fixes),
  );
  assert.deepEqual(
    fix?.edits.map((e) => e.newText),
    ['"s3:prefix"'],
  );
  assert.match(applyEdits(DEV_TYPO, fix?.edits ?? []), /"StringLike": \{ "s3:prefix": \["home\/\$\{aws:username\}\/\*"\] \}/);
  assert.equal(decisionAfter(fix), 'allowed');
  // No fix sets the misspelt key in the request: no request can carry it.
  assert.ok(!(explanation.fixes ?? []).some((f) => 's3:prefx' in f.context), JSON.stringify(explanation.fixes));
});

test('a Deny that holds only because its Null check tests a misspelt key is mended in the policy, and the request is allowed', () => {
  const DEV_DENY = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ReadWriteReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "DenyDeletesWithoutMfa", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*",
      "Condition": { "Null": { "aws:MultiFactorAuthPresnt": "true" } } } ] }`;
  const { result, explanation, decisionAfter } = simulateWithDev(DEV_DENY, 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', {
    ...OFFICE,
    'aws:MultiFactorAuthPresent': 'true',
  });
  assert.equal(result.decision, 'explicitDeny');
  const fix = explanation.fixes?.[0];
  assert.match(
    fix?.title ?? '',
    /^Replace aws:MultiFactorAuthPresnt with aws:MultiFactorAuthPresent in the Condition of statement DenyDeletesWithoutMfa .*→ allowed$/,
    JSON.stringify(explanation.fixes),
  );
  assert.equal(decisionAfter(fix), 'allowed');
});

test('a Deny without a condition is narrowed: the action taken out of its list, else the resource, else the statement removed; each applied alone allows', () => {
  const deny = (action: string, resource: string) => `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ReadWriteReports", "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::reports/*" },
    {
      "Sid": "NoDeletes",
      "Effect": "Deny",
      "Action": ${action},
      "Resource": ${resource}
    } ] }`;
  const cases: [string, string, RegExp][] = [
    [
      '["s3:DeleteObject", "s3:DeleteBucket"]',
      '"*"',
      /^Remove s3:DeleteObject from the Action of statement NoDeletes of Dev \(attached to group devs\) → allowed$/,
    ],
    // Every copy goes, in the file's spelling: taking out one of two would change nothing.
    [
      '["S3:deleteObject", "s3:DeleteBucket", "s3:DeleteObject"]',
      '"*"',
      /^Remove S3:deleteObject and s3:DeleteObject from the Action of statement NoDeletes .*→ allowed$/,
    ],
    [
      '"s3:*"',
      '["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::reports/q2.csv"]',
      /^Remove arn:aws:s3:::reports\/q1\.csv from the Resource of statement NoDeletes of Dev .*→ allowed$/,
    ],
    // A pattern that matches the action is taken out before the statement, saying what else it stops denying.
    [
      '["s3:Delete*", "iam:*"]',
      '"*"',
      /^Remove s3:Delete\* from the Action of statement NoDeletes .*\(it then denies no action s3:Delete\* matches\) → allowed$/,
    ],
    [
      '"s3:Delete*"',
      '"*"',
      /^Remove statement NoDeletes of Dev \(attached to group devs\) \(it denies s3:Delete\* on \*: none of that would be denied any more\) → allowed$/,
    ],
  ];
  for (const [action, resource, title] of cases) {
    const { result, explanation, decisionAfter } = simulateWithDev(deny(action, resource), 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
    assert.equal(result.decision, 'explicitDeny');
    assert.equal(explanation.fixes?.length, 1, JSON.stringify(explanation.fixes));
    const fix = explanation.fixes?.[0];
    assert.match(fix?.title ?? '', title);
    assert.equal(decisionAfter(fix), 'allowed');
  }
});

test('a NotAction Deny is narrowed by adding the action to its NotAction, not by removing the guardrail', () => {
  const notAction = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "OnlyReads", "Effect": "Deny", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" } ] }`;
  const { result, explanation, decisionAfter } = simulateWithDev(notAction, 's3:PutObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(result.decision, 'explicitDeny');
  assert.deepEqual(
    explanation.fixes?.map((f) => f.title),
    ['Add s3:PutObject to the NotAction of statement OnlyReads of Dev (attached to group devs) → allowed'],
  );
  assert.equal(decisionAfter(explanation.fixes?.[0]), 'allowed');
});

test('a Deny without a condition in an SCP is narrowed with the guardrail caveat; the only statement of a policy is not removed', () => {
  const SCP_DENY = `{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:DeleteBucket"], "Resource": "*" } ] }`;
  const narrowed = simulateWithFile('/w/scp.json', SCP_DENY, 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(narrowed.result.decision, 'explicitDeny');
  assert.match(
    narrowed.explanation.fixes?.[0]?.title ?? '',
    /^Remove s3:DeleteObject from the Action of statement 1 of DenyOutsideOffice .*\(this widens an SCP, a guardrail: make sure the limit itself should change\) → /,
  );
  const single = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" } ] }`;
  const only = simulateWithFile('/w/scp.json', single, 's3:DeleteObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(only.result.decision, 'explicitDeny');
  assert.deepEqual(only.explanation.fixes, []);
  // Said, rather than "How to fix" left out: what was tried, and what is left to do.
  const text = formatExplanationText(only.explanation, () => undefined);
  assert.ok(text.split('\n').includes(SECTION.noDenyFix), text);
});

test('a Deny on a tag key written without its tag name is not "mended" into another key it resembles', () => {
  const DEV_TAG = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "DenyUntagged", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Null": { "aws:PrincipalTag": "true" } } } ] }`;
  const { result, explanation } = simulateWithDev(DEV_TAG, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(result.decision, 'explicitDeny');
  // aws:PrincipalArn is one letter-swap away, and would remove the Deny: the key lacks a name, it is no misspelling.
  assert.ok(!(explanation.fixes ?? []).some((f) => /^Replace aws:PrincipalTag/.test(f.title)), JSON.stringify(explanation.fixes));
});

test("keys no catalog can judge are left alone: an identity provider's, and a tag key written without its tag name", () => {
  const DEV_OTHER = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "Federated", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*", "Condition": { "StringEquals": { "accounts.google.com:aud": "app", "aws:ResourceTag": "x" } } } ] }`;
  const { result, explanation } = simulateWithDev(DEV_OTHER, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  assert.equal(result.decision, 'implicitDeny');
  assert.ok(!explanation.errors.some((e) => /condition key/.test(e)), JSON.stringify(explanation.errors));
  assert.ok(!(explanation.fixes ?? []).some((f) => /^Replace/.test(f.title)), JSON.stringify(explanation.fixes));
});

test('no fix sets aws:SourceIp to a private address: AWS puts only public addresses there', () => {
  const DEV_IP = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "FromOfficeOrVpc", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*", "Condition": { "IpAddress": { "aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/25"] } } } ] }`;
  const { result, explanation, decisionAfter } = simulateWithDev(DEV_IP, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:SourceIp': '203.0.113.200' });
  assert.equal(result.decision, 'implicitDeny');
  const fixes = explanation.fixes ?? [];
  const addresses = fixes.map((f) => f.context['aws:SourceIp']).filter((v) => v !== undefined);
  assert.ok(addresses.length > 0 && addresses.every((v) => !String(v).startsWith('10.')), JSON.stringify(fixes));
  assert.equal(decisionAfter(fixes.find((f) => 'aws:SourceIp' in f.context)), 'allowed');
});

test('no fix asks a user to be an AWS service: aws:PrincipalIsAWSService is set by AWS, for service principals only', () => {
  const DEV_SERVICE_ONLY = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    { "Sid": "OnlyServices", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:PrincipalIsAWSService": "false" } } } ] }`;
  const { result, explanation } = simulateWithDev(DEV_SERVICE_ONLY, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', {
    ...OFFICE,
    'aws:PrincipalIsAWSService': 'false',
  });
  assert.equal(result.decision, 'explicitDeny');
  assert.ok(!(explanation.fixes ?? []).some((f) => 'aws:PrincipalIsAWSService' in f.context), JSON.stringify(explanation.fixes));
});

/** The titles of the fixes offered when bob, whose one inline policy is `policy`, puts an object in the reports bucket. */
function fixTitlesForBobPuttingAReport(policy: string): string[] {
  const files = {
    '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { users: { bob: { inlinePolicies: { Bob: './bob.json' } } } } } }),
    '/w/bob.json': policy,
  };
  const own = memoryHost(files);
  const loaded = loadModel('/w/m.iam-model.json', own).model;
  const request = { principal: 'arn:aws:iam::111111111111:user/bob', action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' };
  const { explanation } = simulateRequest({ model: loaded, modelPath: '/w/m.iam-model.json', host: own, request, options: { catalog: realCatalog() } });
  return (explanation.fixes ?? []).map((f) => f.title);
}

test("an added action goes first to the statement written for the request's resource, not to one on every resource", () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Everywhere', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
      { Sid: 'Elsewhere', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' },
      { Sid: 'Reports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
    ],
  });
  const titles = fixTitlesForBobPuttingAReport(policy);
  assert.match(titles[0] ?? '', /^Add s3:PutObject to the Action of statement Reports of/, titles.join('\n'));
  // The statement on another bucket is not offered: adding the action there allows nothing.
  assert.ok(!titles.some((t) => /statement Elsewhere/.test(t)), titles.join('\n'));
});

test("statements whose NotResource leaves out the request's resource are not offered the action, nor spend the fixes' tries", () => {
  // Three statements for everything but the reports bucket come first; only the one on every resource can take the action.
  const elsewhere = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::reports/*' });
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      elsewhere('NotReportsA'),
      elsewhere('NotReportsB'),
      elsewhere('NotReportsC'),
      { Sid: 'Everywhere', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
    ],
  });
  const titles = fixTitlesForBobPuttingAReport(policy);
  assert.ok(
    titles.some((t) => /^Add s3:PutObject to the Action of statement Everywhere of/.test(t)),
    titles.join('\n'),
  );
  assert.ok(!titles.some((t) => /NotReports/.test(t)), titles.join('\n'));
});

test('when a statement that grants the action can take the resource, no fix widens a statement on every resource to the action', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Archive', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::archive/*' },
      { Sid: 'Everywhere', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
    ],
  });
  const titles = fixTitlesForBobPuttingAReport(policy);
  assert.ok(
    titles.some((t) => /^Add arn:aws:s3:::reports\/q1\.csv to the Resource of statement Archive of/.test(t)),
    titles.join('\n'),
  );
  assert.ok(!titles.some((t) => /statement Everywhere/.test(t)), titles.join('\n'));
});

/** One request simulated on a model given as its JSON text, with the real catalog: the answer, with its fixes. */
function simulateOn(modelText: string, request: { principal: string; action: string; resource: string }) {
  const path = '/w/one.iam-model.json';
  const oneHost = memoryHost({ [path]: modelText });
  return simulateRequest({ model: loadModel(path, oneHost).model, modelPath: path, host: oneHost, request, options: { catalog: realCatalog() } });
}

test("a key policy's statement for the account is not the one offered to a partner: the partner's own statement, lacking only kms:ViaService, is the why and the first fix", () => {
  const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const PARTNER = 'arn:aws:iam::222222222222:role/Analytics';
  const keyModel = JSON.stringify({
    accounts: {
      '111111111111': {
        resources: {
          [KEY]: {
            policy: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
                {
                  Sid: 'PartnerDecrypt',
                  Effect: 'Allow',
                  Principal: { AWS: PARTNER },
                  Action: 'kms:Decrypt',
                  Resource: '*',
                  Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  const simulation = simulateOn(keyModel, { principal: PARTNER, action: 'kms:Decrypt', resource: KEY });
  assert.equal(simulation.result.decision, 'implicitDeny');
  assert.match(simulation.explanation.reason, /^Statement PartnerDecrypt .* would allow kms:Decrypt, but/);
  const titles = (simulation.explanation.fixes ?? []).map((f) => f.title);
  assert.match(titles[0] ?? '', /^Set kms:ViaService to s3\.us-east-1\.amazonaws\.com in the request context → allowed/, titles.join('\n'));
  // Naming the partner in the account's statement would work, and would give it every kms action: said so.
  const broad = titles.find((t) => /EnableIamPolicies/.test(t));
  assert.match(broad ?? '', /\(the statement allows kms:\*: the principal would get all of it, not only this action\)/, titles.join('\n'));
});

test("a role session of another account denied by a bucket policy is offered the role's ARN in the Principal, which every session of it matches", () => {
  const sessionModel = JSON.stringify({
    accounts: {
      '222222222222': {
        roles: {
          DevOps: {
            path: '/ops/',
            inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
          },
        },
      },
      '111111111111': {
        resources: {
          'arn:aws:s3:::shared': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'Readers',
                  Effect: 'Allow',
                  Principal: { AWS: ['arn:aws:iam::111111111111:role/Reporter'] },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::shared/*',
                },
              ],
            },
          },
        },
      },
    },
  });
  const simulation = simulateOn(sessionModel, {
    principal: 'arn:aws:sts::222222222222:assumed-role/DevOps/erin',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::shared/a.csv',
  });
  const titles = (simulation.explanation.fixes ?? []).map((f) => f.title);
  assert.ok(
    titles.some((t) => /^Add arn:aws:iam::222222222222:role\/ops\/DevOps to the Principal of statement Readers .*→ allowed$/.test(t)),
    titles.join('\n'),
  );
  assert.ok(!titles.some((t) => /assumed-role/.test(t)), titles.join('\n'));
});

test("statements written for the caller that each need two changes do not use up the tries before one another's needs only the caller's name", () => {
  const own = (i: number) => ({
    Sid: `Own${i}`,
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::222222222222:role/R' },
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::b/p${i}/*`,
    Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } },
  });
  const other = {
    Sid: 'Other',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::222222222222:role/Other' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/*',
  };
  const bucketModel = JSON.stringify({
    accounts: {
      '111111111111': { resources: { 'arn:aws:s3:::b': { policy: { Version: '2012-10-17', Statement: [other, ...[0, 1, 2, 3, 4].map(own)] } } } },
    },
  });
  const simulation = simulateOn(bucketModel, { principal: 'arn:aws:iam::222222222222:role/R', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
  const titles = (simulation.explanation.fixes ?? []).map((f) => f.title);
  assert.ok(
    titles.some((t) => /^Add arn:aws:iam::222222222222:role\/R to the Principal of statement Other .*→ allowed$/.test(t)),
    titles.join('\n'),
  );
});

test('a trust policy naming the caller misspelt is mended where it is, not given the caller beside the typo', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        roles: {
          ReportReader: {
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/Deplyer' }, Action: 'sts:AssumeRole' }],
            },
          },
        },
      },
      '222222222222': {
        roles: {
          Deployer: { inlinePolicies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } },
        },
      },
    },
  });
  const simulation = simulateOn(model, {
    principal: 'arn:aws:iam::222222222222:role/Deployer',
    action: 'sts:AssumeRole',
    resource: 'arn:aws:iam::111111111111:role/ReportReader',
  });
  const titles = (simulation.explanation.fixes ?? []).map((f) => f.title);
  assert.deepEqual(titles, [
    'Replace arn:aws:iam::222222222222:role/Deplyer with arn:aws:iam::222222222222:role/Deployer in the Principal of statement 1 of trust policy of role ReportReader → allowed',
  ]);
});

test('a statement whose policy variable is text (no Version, or 2008-10-17) is mended by the Version, and the Why says so', () => {
  const OLD = `{
  "Statement": [
    { "Sid": "OwnFolder", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/\${aws:username}/*" },
    { "Sid": "ListOwn", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports",
      "Condition": { "StringLike": { "s3:prefix": "\${aws:username}/*" } } }
  ]
}`;
  const missing = simulateWithDev(OLD, 's3:GetObject', 'arn:aws:s3:::reports/alice/q1.csv', OFFICE);
  assert.equal(missing.result.decision, 'implicitDeny');
  assert.match(missing.explanation.reason, /\. Dev has no Version, so \$\{aws:username\} is compared as literal text\.$/);
  const titles = (missing.explanation.fixes ?? []).map((f) => f.title);
  // Only the Version: the request's object added beside the variable, or a statement of its own, would grant one
  // folder where the statement is a rule for everyone's.
  assert.deepEqual(titles, ['Add "Version": "2012-10-17" to Dev (attached to group devs) → allowed']);
  assert.equal(missing.decisionAfter(missing.explanation.fixes?.[0]), 'allowed');
  // Where the Version would not allow the request (another folder), a statement of its own is offered as usual.
  const elsewhere = simulateWithDev(OLD, 's3:GetObject', 'arn:aws:s3:::reports-shared/q1.csv', OFFICE);
  assert.ok(
    (elsewhere.explanation.fixes ?? []).some((f) => f.title.startsWith('Add a statement to Dev')),
    JSON.stringify(elsewhere.explanation.fixes?.map((f) => f.title)),
  );
  // In a condition too, and an old Version is set to the current one.
  const old = simulateWithDev(OLD.replace('{\n', '{\n  "Version": "2008-10-17",\n'), 's3:ListBucket', 'arn:aws:s3:::reports', {
    ...OFFICE,
    's3:prefix': 'alice/2024/',
  });
  assert.equal(old.result.decision, 'implicitDeny');
  assert.match(old.explanation.reason, /\. Dev has Version 2008-10-17, so \$\{aws:username\} is compared as literal text\.$/);
  const fix = old.explanation.fixes?.[0];
  assert.equal(fix?.title, 'Set the Version of Dev (attached to group devs) to 2012-10-17 → allowed');
  // The fix says what else it changes: another variable of the policy becomes one too.
  const tagged = simulateWithDev(
    OLD.replace('"s3:prefix": "${aws:username}/*"', '"s3:prefix": "${aws:username}/*", "aws:PrincipalTag/team": "${aws:PrincipalTag/team}"'),
    's3:GetObject',
    'arn:aws:s3:::reports/alice/q1.csv',
    OFFICE,
  );
  assert.equal(
    tagged.explanation.fixes?.[0]?.title,
    'Add "Version": "2012-10-17" to Dev (attached to group devs) (${aws:PrincipalTag/team} in it becomes a variable too) → allowed',
  );
  assert.equal(fix.edits[0]?.newText, '"2012-10-17"');
  assert.equal(old.decisionAfter(fix), 'allowed');
});

test('an ARN written with fields left out is mended where it is, not added to: the account of a queue, the empty fields of S3', () => {
  const QUEUE = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:jobs" } ] }`;
  const queue = simulateWithDev(QUEUE, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111111111111:jobs', OFFICE);
  assert.equal(queue.result.decision, 'implicitDeny');
  const fix = queue.explanation.fixes?.[0];
  assert.equal(
    fix?.title,
    'Replace arn:aws:sqs:eu-west-1:jobs with arn:aws:sqs:eu-west-1:111111111111:jobs in the Resource of statement Send of Dev (attached to group devs) → allowed',
  );
  assert.equal(queue.decisionAfter(fix), 'allowed');
  // A pattern keeps its wildcard: the fields it left out are put back around it.
  const BUCKET = `{ "Version": "2012-10-17", "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:reports/*"] } ] }`;
  const bucket = simulateWithDev(BUCKET, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', OFFICE);
  const mended = bucket.explanation.fixes?.[0];
  assert.equal(
    mended?.title,
    'Replace arn:aws:s3:reports/* with arn:aws:s3:::reports/* in the Resource of statement Read of Dev (attached to group devs) → allowed',
  );
  assert.equal(mended.edits[0]?.newText, '"arn:aws:s3:::reports/*"');
  assert.equal(bucket.decisionAfter(mended), 'allowed');
});
