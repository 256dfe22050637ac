// Calls that need more than one permission: a copy reads its source (s3:GetObject) besides writing its target
// (s3:PutObject, https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html); creating a function passes
// its execution role (iam:PassRole). Replay decides each, names the one denied, and generate grants them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activityOf, actionsUsed, generatePolicy, proveGenerated, readActivity, replay } from '../../../server/src/iam/activity';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { realCatalog } from '../helpers/realCatalog';
import { memoryHost } from '../model/memoryHost';
import { record } from './activityFixtures';

const catalog = realCatalog();
const CAROL = { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/carol', accountId: '111111111111', userName: 'carol' };

function modelWith(statements: unknown[]) {
  const host = memoryHost({
    '/m/m.iam-model.json': JSON.stringify({
      accounts: { '111111111111': { users: { carol: { inlinePolicies: { work: { Version: '2012-10-17', Statement: statements } } } } } },
    }),
  });
  return loadModel('/m/m.iam-model.json', host).model;
}

const LOG = JSON.stringify({
  Records: [
    record({
      eventSource: 's3.amazonaws.com',
      eventName: 'CopyObject',
      userIdentity: CAROL,
      requestParameters: { bucketName: 'reports', key: 'archive/q1.csv', 'x-amz-copy-source': 'incoming/q1%20final.csv?versionId=3' },
    }),
    record({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'CreateFunction20150331',
      userIdentity: CAROL,
      requestParameters: { functionName: 'resize', role: 'arn:aws:iam::111111111111:role/resize-exec', runtime: 'nodejs20.x' },
    }),
  ],
});

test('a copy needs read on its source and a new function PassRole on its role, built from the request parameters', () => {
  const read = readActivity(catalog, 'log.json', LOG);
  assert.deepEqual(
    read.requests.map((r) => [r.action, r.resource, r.alsoRequires]),
    [
      ['s3:PutObject', 'arn:aws:s3:::reports/archive/q1.csv', [{ action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::incoming/q1 final.csv' }]],
      [
        'lambda:CreateFunction',
        'arn:aws:lambda:eu-west-1:111111111111:function:resize',
        [{ action: 'iam:PassRole', resource: 'arn:aws:iam::111111111111:role/resize-exec', context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }],
      ],
    ],
  );
  assert.deepEqual([...actionsUsed(read.requests)].sort(), ['iam:PassRole', 's3:GetObjectVersion', 's3:PutObject', 'lambda:CreateFunction'].sort());
});

test('replay: the write is still allowed but the read of the source version is not, so the copy is a regression that names s3:GetObjectVersion', () => {
  const model = modelWith([
    { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/*' },
    { Effect: 'Allow', Action: ['lambda:CreateFunction', 'iam:PassRole'], Resource: '*' },
  ]);
  const report = replay(model, catalog, readActivity(catalog, 'log.json', LOG).requests);
  assert.deepEqual(
    report.regressions.map((c) => [c.request.eventName, c.action, c.resource]),
    [['CopyObject', 's3:GetObjectVersion', 'arn:aws:s3:::incoming/q1 final.csv']],
  );
  assert.match(report.regressions[0]?.summary ?? '', /not authorized to perform: s3:GetObjectVersion on resource: arn:aws:s3:::incoming\/q1 final\.csv/);
  assert.equal(report.stillAllowed, 1);
});

test('generate grants every permission the calls needed, and its proof replays each of them', () => {
  const model = modelWith([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const requests = readActivity(catalog, 'log.json', LOG).requests;
  const carol = model.principal('arn:aws:iam::111111111111:user/carol');
  assert.ok(carol);
  const policy = generatePolicy(activityOf(carol, requests));
  const granted = policy.Statement.flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${r}`))).sort();
  assert.deepEqual(granted, [
    'iam:PassRole arn:aws:iam::111111111111:role/resize-exec',
    'lambda:CreateFunction arn:aws:lambda:eu-west-1:111111111111:function:resize',
    's3:GetObjectVersion arn:aws:s3:::incoming/q1 final.csv',
    's3:PutObject arn:aws:s3:::reports/archive/q1.csv',
  ]);
  const proof = proveGenerated(model, catalog, carol, JSON.stringify(policy), requests);
  assert.equal(proof.passed, true, JSON.stringify(proof.failures));
});

test('a PassRole granted only to Lambda (iam:PassedToService, as AWS advises) allows the function the call creates', () => {
  const model = modelWith([
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::*/*' },
    { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111111111111:role/*',
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
  ]);
  const report = replay(model, catalog, readActivity(catalog, 'log.json', LOG).requests);
  assert.deepEqual(report.regressions, []);
  assert.equal(report.stillAllowed, 2);
});

test('a copy from a plain source needs s3:GetObject; from an access point ARN, nothing is guessed', () => {
  const copy = (source: string) =>
    JSON.stringify({
      Records: [
        record({
          eventSource: 's3.amazonaws.com',
          eventName: 'CopyObject',
          userIdentity: CAROL,
          requestParameters: { bucketName: 'reports', key: 'k', 'x-amz-copy-source': source },
        }),
      ],
    });
  assert.deepEqual(readActivity(catalog, 'log.json', copy('incoming/a.csv')).requests[0]?.alsoRequires, [
    { action: 's3:GetObject', resource: 'arn:aws:s3:::incoming/a.csv' },
  ]);
  assert.equal(readActivity(catalog, 'log.json', copy('arn:aws:s3:us-west-2:111111111111:accesspoint/ap/object/a.csv')).requests[0]?.alsoRequires, undefined);
});
