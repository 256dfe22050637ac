// Generate: least privilege from activity, proven by replay and by the validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activityOf,
  conditionsLeftOut,
  generatePolicy,
  generationReportLines,
  proveGenerated,
  readActivity,
  resourcePatterns,
  unusedAccess,
} from '../../../server/src/iam/activity';
import { evaluate } from '../../../server/src/iam/evaluator';
import type { ModelPrincipal } from '../../../server/src/iam/evaluator';
import { realCatalog } from '../helpers/realCatalog';
import { examplesModel, fixtureText } from './activityFixtures';
import { syntheticActivity } from './syntheticActivity';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { memoryHost } from '../model/memoryHost';

const catalog = realCatalog();

test('resources: as used, a wildcard only where three or more share a parent that names a resource', () => {
  assert.deepEqual(resourcePatterns(['arn:aws:s3:::b/u/1', 'arn:aws:s3:::b/u/2']), ['arn:aws:s3:::b/u/1', 'arn:aws:s3:::b/u/2']);
  assert.deepEqual(resourcePatterns(['arn:aws:s3:::b/u/1', 'arn:aws:s3:::b/u/2', 'arn:aws:s3:::b/u/3', 'arn:aws:s3:::b/v']), [
    'arn:aws:s3:::b/u/*',
    'arn:aws:s3:::b/v',
  ]);
  // Three tables do not make "every table", three buckets not "every bucket".
  const tables = ['A', 'B', 'C'].map((t) => `arn:aws:dynamodb:eu-west-1:1:table/${t}`);
  assert.deepEqual(resourcePatterns(tables), tables);
  assert.deepEqual(resourcePatterns(['arn:aws:s3:::a', 'arn:aws:s3:::b', 'arn:aws:s3:::c']), ['arn:aws:s3:::a', 'arn:aws:s3:::b', 'arn:aws:s3:::c']);
  assert.deepEqual(resourcePatterns(['arn:aws:s3:::a', '*']), ['*']);
});

test('alice on the examples day: her S3 calls only, by resource, proven; her unused grants listed', () => {
  const model = examplesModel();
  const alice = model.principal('arn:aws:iam::111111111111:user/alice') as ModelPrincipal;
  const requests = activityOf(alice, readActivity(catalog, 'examples-day.json', fixtureText('examples-day.json')).requests);
  const policy = generatePolicy(requests);
  assert.deepEqual(policy, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3Access1',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::example-app-data/uploads/invoice-42.pdf', 'arn:aws:s3:::example-app-data/uploads/invoice-43.pdf'],
      },
      { Sid: 'S3Access2', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::example-app-data'] },
      { Sid: 'S3Access3', Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::example-app-data/uploads/invoice-43.pdf'] },
    ],
  });
  const proof = proveGenerated(model, catalog, alice, JSON.stringify(policy), requests);
  assert.deepEqual([proof.passed, proof.replayed, proof.allowed, proof.failures, proof.findings], [true, 4, 4, [], []]);
  const unused = unusedAccess(catalog, alice, new Set(requests.filter((r) => r.outcome === 'allowed').map((r) => r.action)));
  assert.deepEqual(
    unused.services.map((s) => [s.service, s.unusedActions]),
    [['s3', ['s3:DeleteObject']]],
  );
  // Only the statement that grants the unused action is named: ListTheAppBucket grants s3:ListBucket, which she used.
  assert.deepEqual(unused.services[0]?.grantedBy, ['DevelopersAppBucketReadWrite, statement ReadAndWriteObjectsInTheAppBucket']);
});

test('a role session with MFA every time: the condition is kept', () => {
  const model = examplesModel();
  const deployer = model.principal('arn:aws:iam::111111111111:role/ci-deployer') as ModelPrincipal;
  const requests = activityOf(deployer, readActivity(catalog, 'examples-day.json', fixtureText('examples-day.json')).requests);
  const policy = generatePolicy(requests);
  assert.deepEqual(policy.Statement, [
    {
      Sid: 'SqsAccess1',
      Effect: 'Allow',
      Action: ['sqs:CreateQueue'],
      Resource: ['arn:aws:sqs:eu-west-1:111111111111:example-deadletters'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
  ]);
  assert.equal(proveGenerated(model, catalog, deployer, JSON.stringify(policy), requests).passed, true);
});

test('the proof can fail: a policy missing one call is caught, naming the record', () => {
  const model = examplesModel();
  const alice = model.principal('arn:aws:iam::111111111111:user/alice') as ModelPrincipal;
  const requests = activityOf(alice, readActivity(catalog, 'examples-day.json', fixtureText('examples-day.json')).requests);
  const policy = generatePolicy(requests);
  const short = { ...policy, Statement: policy.Statement.filter((s) => !s.Action.includes('s3:ListBucket')) };
  const proof = proveGenerated(model, catalog, alice, JSON.stringify(short), requests);
  assert.equal(proof.passed, false);
  assert.deepEqual(
    proof.failures.map((f) => [f.request.origin.index, f.request.action]),
    [[1, 's3:ListBucket']],
  );
  const sloppy = { ...policy, Statement: [...policy.Statement, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
  assert.ok(proveGenerated(model, catalog, alice, JSON.stringify(sloppy), requests).findings.length > 0);
});

test('200 principals of generated activity: every generated policy passes its replay proof and the validator, and denies what AWS denied', () => {
  const synthetic = syntheticActivity(200);
  const read = readActivity(catalog, 'synthetic.json', synthetic.log);
  assert.deepEqual(read.unmapped, []);
  let wildcards = 0;
  let withMfa = 0;
  for (const arn of synthetic.principals) {
    const principal = synthetic.model.principal(arn) as ModelPrincipal;
    assert.ok(principal, arn);
    const mine = activityOf(principal, read.requests);
    const policy = generatePolicy(mine);
    const text = JSON.stringify(policy, null, 2);
    const proof = proveGenerated(synthetic.model, catalog, principal, text, mine);
    assert.deepEqual(
      { arn, passed: proof.passed, failures: proof.failures.map((f) => f.reason), findings: proof.findings, elsewhere: proof.blockedElsewhere.length },
      { arn, passed: true, failures: [], findings: [], elsewhere: 0 },
    );
    assert.equal(proof.replayed, mine.filter((r) => r.outcome === 'allowed').length);
    assert.ok(proof.replayed >= 10);
    if (text.includes('/*"')) wildcards++;
    if (text.includes('aws:MultiFactorAuthPresent')) withMfa++;
    // Least privilege: the call AWS denied, outside the activity, stays denied under the generated policy.
    const denied = mine.find((r) => r.outcome === 'denied');
    assert.ok(denied);
    const swapped = proveGenerated(synthetic.model, catalog, principal, text, [{ ...denied, outcome: 'allowed' }]);
    assert.equal(swapped.failures.length, 1, `${arn}: the generated policy allows ${denied.action}`);
  }
  // The generator did meet the cases it handles: shared prefixes and constant MFA.
  assert.ok(wildcards > 20, `${wildcards} policies with a wildcard`);
  assert.ok(withMfa > 5, `${withMfa} policies with an MFA condition`);
  // And the model itself allowed what the log says succeeded (the activity is drawn from the policies).
  const first = synthetic.model.principal(synthetic.principals[0] as string) as ModelPrincipal;
  const one = activityOf(first, read.requests).find((r) => r.outcome === 'allowed');
  assert.ok(one);
  assert.equal(
    evaluate(synthetic.model, { principal: one.principal, action: one.action, resource: one.resource, context: one.context }, { catalog }).decision,
    'allowed',
  );
});

test('unused access counts an action as granted only where the statement names something it acts on', () => {
  const file = '/w/m.iam-model.json';
  const policy = {
    Version: '2012-10-17',
    Statement: [
      // ec2:StartInstances on a bucket's objects grants nothing: the statement never applies to it.
      { Sid: 'Mixed', Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject', 'ec2:StartInstances'], Resource: 'arn:aws:s3:::reports/*' },
    ],
  };
  const text = JSON.stringify({ accounts: { '111111111111': { users: { carol: { inlinePolicies: { Mixed: policy } } } } } });
  const carol = loadModel(file, memoryHost({ [file]: text })).model.principal('arn:aws:iam::111111111111:user/carol') as ModelPrincipal;
  const unused = unusedAccess(catalog, carol, new Set(['s3:GetObject']));
  assert.deepEqual(
    unused.services.map((s) => [s.service, s.granted, s.unusedActions]),
    [['s3', 2, ['s3:DeleteObject']]],
  );
});

/** One recorded success: alice reads an object of bucket b. */
function aliceReadsAnObject() {
  return readActivity(
    catalog,
    'log.json',
    JSON.stringify({
      Records: [
        {
          eventTime: '2026-11-02T09:00:00Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          awsRegion: 'eu-west-1',
          recipientAccountId: '111111111111',
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
          requestParameters: { bucketName: 'b', key: 'k' },
        },
      ],
    }),
  ).requests;
}

test('a proof that allowed nothing, every call denied by another layer, is said as no proof, not ticked', () => {
  const request = aliceReadsAnObject()[0];
  assert.ok(request);
  const blocked = { request, decision: 'explicitDeny' as const, reason: 'Statement DenyAll of an SCP denies s3:GetObject' };
  const report = {
    principal: 'arn:aws:iam::111111111111:user/alice',
    calls: 1,
    successes: 1,
    statements: 1,
    proof: { passed: false, replayed: 1, allowed: 0, failures: [], blockedElsewhere: [blocked], findings: [] },
    unused: { services: [], notExpanded: [] },
    unmapped: 0,
  };
  const lines = generationReportLines(report);
  assert.match(lines[1] ?? '', /^! No proof: the model denies the one successful call by another layer/);
  assert.ok(!lines.some((line) => line.startsWith('✔')), lines.join('\n'));
  // One allowed of two: a proof, ticked, with the other said below.
  const partly = generationReportLines({ ...report, successes: 2, proof: { ...report.proof, passed: true, replayed: 2, allowed: 1 } });
  assert.match(partly[1] ?? '', /^✔ Proof: .*1 successful call is allowed and the other 1 is denied by another layer/);
});

test('a generated policy whose every recorded call another layer denies is not proven: nothing shows what it allows', () => {
  const allowS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const onlySqs = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] };
  const model = loadModel(
    '/w/m.iam-model.json',
    memoryHost({
      '/w/m.iam-model.json': JSON.stringify({
        accounts: { '111111111111': { policies: { OnlySqs: onlySqs }, users: { alice: { permissionsBoundary: 'OnlySqs', inlinePolicies: { s3: allowS3 } } } } },
      }),
    }),
  ).model;
  const requests = aliceReadsAnObject();
  const alice = model.principal('arn:aws:iam::111111111111:user/alice') as ModelPrincipal;
  const proof = proveGenerated(model, catalog, alice, JSON.stringify(generatePolicy(requests)), requests);
  assert.deepEqual({ passed: proof.passed, allowed: proof.allowed, elsewhere: proof.blockedElsewhere.length }, { passed: false, allowed: 0, elsewhere: 1 });
});

test("the conditions today's policy holds the calls to, which the generated one leaves out, are said with their statement", () => {
  const office = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'FromTheOffice', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
    ],
  };
  const model = loadModel(
    '/w/m.iam-model.json',
    memoryHost({ '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { office } } } } } }) }),
  ).model;
  const calls = aliceReadsAnObject().map((r) => ({ ...r, context: { ...r.context, 'aws:SourceIp': '203.0.113.7' } }));
  const leftOut = conditionsLeftOut(model, catalog, calls);
  assert.deepEqual(leftOut, [
    'Statement FromTheOffice of inline policy office (attached to user alice) allows these calls only when aws:SourceIp IpAddress 203.0.113.0/24',
  ]);
  const alice = model.principal('arn:aws:iam::111111111111:user/alice') as ModelPrincipal;
  const text = JSON.stringify(generatePolicy(calls));
  assert.ok(!text.includes('aws:SourceIp'), 'the generated policy itself does not carry the condition');
  const lines = generationReportLines({
    principal: alice.arn,
    calls: 1,
    successes: 1,
    statements: 1,
    proof: proveGenerated(model, catalog, alice, text, calls),
    unused: unusedAccess(catalog, alice, new Set(['s3:GetObject'])),
    unmapped: 0,
    conditionsLeftOut: leftOut,
  });
  assert.ok(
    lines.includes('! The current identity policies hold these calls to conditions the generated policy leaves out (add them to keep the limit):'),
    lines.join('\n'),
  );
});
