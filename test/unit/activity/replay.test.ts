// Replay: recorded requests decided on today's model, compared with what AWS did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readActivity, replay } from '../../../server/src/iam/activity';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { realCatalog } from '../helpers/realCatalog';
import { memoryHost } from '../model/memoryHost';
import { examplesModel, fixtureText } from './activityFixtures';

const catalog = realCatalog();

test('the examples day: bob lost his access since the log (a regression); every other call is decided as AWS did', () => {
  const read = readActivity(catalog, 'examples-day.json', fixtureText('examples-day.json'));
  const report = replay(examplesModel(), catalog, read.requests);
  assert.deepEqual(
    report.regressions.map((c) => [c.request.origin.index, c.request.principal, c.decision]),
    [[5, 'arn:aws:iam::111111111111:user/bob', 'implicitDeny']],
  );
  assert.match(report.regressions[0]?.summary ?? '', /because no identity-based policy allows the s3:GetObject action$/);
  assert.deepEqual(report.newlyAllowed, []);
  assert.equal(report.otherErrors, 1);
  assert.equal(report.evaluated, read.requests.length - 1);
  assert.equal(report.stillAllowed + report.stillDenied + report.regressions.length, report.evaluated);
  // The SCP keeps the sandbox in its regions: dave's us-west-2 call is still denied, his eu-west-1 call allowed.
  assert.equal(report.stillDenied, 5);
});

test('a call AWS denied that the model allows is reported with the statement that allows it', () => {
  const read = readActivity(
    catalog,
    'log.json',
    JSON.stringify({
      Records: [
        {
          eventTime: '2026-11-02T09:00:00Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'PutObject',
          awsRegion: 'eu-west-1',
          recipientAccountId: '111111111111',
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
          tlsDetails: {},
          requestParameters: { bucketName: 'example-app-data', key: 'uploads/x' },
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
        },
      ],
    }),
  );
  const report = replay(examplesModel(), catalog, read.requests);
  assert.equal(report.regressions.length, 0);
  assert.equal(report.newlyAllowed.length, 1);
  assert.match(report.newlyAllowed[0]?.reason ?? '', /ReadAndWriteObjectsInTheAppBucket/);
});

test('identical calls are decided once, but not across times when a policy tests the time', () => {
  const host = memoryHost({
    '/m/m.iam-model.json': JSON.stringify({
      accounts: {
        '111111111111': {
          users: {
            temp: {
              inlinePolicies: {
                untilNovember: {
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2026-11-01T00:00:00Z' } } },
                  ],
                },
              },
            },
          },
        },
      },
    }),
  });
  const model = loadModel('/m/m.iam-model.json', host).model;
  const call = (time: string) => ({
    eventTime: time,
    eventSource: 'sqs.amazonaws.com',
    eventName: 'SendMessage',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/temp' },
    requestParameters: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/q' },
  });
  const read = readActivity(
    catalog,
    'log.json',
    JSON.stringify({ Records: [call('2026-10-30T10:00:00Z'), call('2026-11-02T10:00:00Z'), call('2026-11-03T10:00:00Z')] }),
  );
  const report = replay(model, catalog, read.requests);
  assert.equal(report.stillAllowed, 1);
  assert.deepEqual(
    report.regressions.map((c) => c.request.origin.index),
    [1, 2],
  );
});

test('an AssumeRole record carries its external ID, session name and tags: a trust that requires them still lets the call in', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': 'abc-123', 'aws:RequestTag/team': 'ci' }, StringLike: { 'sts:RoleSessionName': 'ci-*' } },
      },
    ],
  };
  const model = loadModel(
    '/w/m.iam-model.json',
    memoryHost({ '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { roles: { deployer: { trustPolicy: trust } } } } }) }),
  ).model;
  const assume = (requestParameters: Record<string, unknown>) => ({
    eventTime: '2026-11-02T09:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::222222222222:assumed-role/runner/i-1', accountId: '222222222222' },
    requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/deployer', ...requestParameters },
  });
  const read = readActivity(
    catalog,
    'log.json',
    JSON.stringify({
      Records: [
        assume({ roleSessionName: 'ci-42', externalId: 'abc-123', tags: [{ key: 'team', value: 'ci' }] }),
        // Without the external ID the same call would be denied: AWS refused it, and the model agrees.
        { ...assume({ roleSessionName: 'ci-43', tags: [{ key: 'team', value: 'ci' }] }), errorCode: 'AccessDenied', errorMessage: 'Access denied' },
      ],
    }),
  );
  assert.equal(read.requests.length, 2, JSON.stringify(read.unmapped));
  assert.equal(read.requests[0]?.context['sts:ExternalId'], 'abc-123');
  const report = replay(model, catalog, read.requests);
  assert.equal(report.regressions.length, 0, report.regressions.map((r) => r.reason).join('\n'));
  assert.equal(report.newlyAllowed.length, 0);
  // A tagged session needs sts:TagSession too: a trust that allows only the assume action would now deny it.
  const untagging = { ...trust, Statement: [{ ...trust.Statement[0], Action: 'sts:AssumeRole' }] };
  const strict = loadModel(
    '/w/m.iam-model.json',
    memoryHost({ '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { roles: { deployer: { trustPolicy: untagging } } } } }) }),
  ).model;
  const strictReport = replay(strict, catalog, read.requests);
  assert.equal(strictReport.regressions.length, 1);
  assert.match(strictReport.regressions[0]?.reason ?? '', /sts:TagSession/);
});
