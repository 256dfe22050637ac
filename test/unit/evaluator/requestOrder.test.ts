// The evaluator keeps per-policy and per-statement memos (compiled forms, outcomes by action and resource) so that
// bulk runs stay fast. Whatever it remembers, a loaded model must answer every request exactly as a freshly loaded
// one does, in any order, with and without a catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, type EvaluationOptions } from '../../../server/src/iam/evaluator/evaluate';
import type { EvaluationModel } from '../../../server/src/iam/evaluator/model';
import type { EvaluationRequest, EvaluationResult } from '../../../server/src/iam/evaluator/types';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { realCatalog } from '../helpers/realCatalog';
import { memoryHost } from '../model/memoryHost';

const MODEL = JSON.stringify({
  accounts: {
    '111111111111': {
      users: {
        alice: {
          inlinePolicies: {
            Mixed: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'Read', Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
                { Sid: 'OnlyS3AndIam', Effect: 'Deny', NotAction: ['s3:*', 'iam:*', 'ec2:*'], Resource: '*' },
                { Sid: 'AllButSecret', Effect: 'Allow', Action: ['s3:PutObject', 'iam:Get*'], NotResource: 'arn:aws:s3:::secret/*' },
                { Sid: 'Instances', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: 'arn:aws:ec2:*:*:instance/*' },
                { Sid: 'Home', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' },
                { Sid: 'Tls', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
                {
                  Sid: 'InstancesOverTls',
                  Effect: 'Allow',
                  Action: 'ec2:DescribeInstances',
                  Resource: 'arn:aws:ec2:*:*:instance/*',
                  Condition: { Bool: { 'aws:SecureTransport': 'true' } },
                },
                {
                  Sid: 'WritesOverTls',
                  Effect: 'Allow',
                  Action: ['s3:PutObject', 's3:Delete*'],
                  Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::secret/*'],
                  Condition: { Bool: { 'aws:SecureTransport': 'true' } },
                },
              ],
            },
          },
        },
      },
    },
  },
});

function freshModel(): EvaluationModel {
  return loadModel('/m/order.iam-model.json', memoryHost({ '/m/order.iam-model.json': MODEL })).model;
}

/** What a user sees of a result: the decision, the deciding statements, every statement's verdict, reasons and matched entries. */
function summary(result: EvaluationResult): string {
  const layers = result.layers.map((layer) =>
    layer.policies
      .map((p) =>
        p.statements
          .map(
            (s) => `${s.sid ?? s.statementIndex}:${s.applies}:${s.elements.map((e) => `${e.element}=${e.reason}${e.value ? `(${e.value})` : ''}`).join(',')}`,
          )
          .join(' '),
      )
      .join(' | '),
  );
  return `${result.decision} by [${result.decidingStatements.map((s) => s.sid).join(',')}] ${layers.join(' || ')}`;
}

test('a loaded model answers every request as a freshly loaded one does, whatever came before', () => {
  const actions = ['s3:GetObject', 'S3:getobject', 's3:PutObject', 's3:DeleteObject', 'iam:GetUser', 'sqs:SendMessage', 'ec2:DescribeInstances'];
  const resources = ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/alice/k', 'arn:aws:s3:::secret/k', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1', '*'];
  const now = new Date('2026-06-01T12:00:00Z');
  const optionSets: EvaluationOptions[] = [{ now }, { now, catalog: realCatalog() }];
  const secures = ['true', 'false'];
  // Every combination, with its coordinates (options, action, resource, secure) for ordering below.
  const requests: { request: EvaluationRequest; options: EvaluationOptions; at: number[] }[] = [];
  optionSets.forEach((options, o) =>
    actions.forEach((action, a) =>
      resources.forEach((resource, r) =>
        secures.forEach((secure, c) =>
          requests.push({
            request: { principal: 'arn:aws:iam::111111111111:user/alice', action, resource, context: { 'aws:SecureTransport': secure } },
            options,
            at: [o, a, r, c],
          }),
        ),
      ),
    ),
  );
  const expected = requests.map(({ request, options }) => summary(evaluate(freshModel(), request, options)));
  // A sanity check that the requests exercise the statements: allows, explicit and implicit denies all occur.
  for (const decision of ['allowed', 'explicitDeny', 'implicitDeny'])
    assert.ok(
      expected.some((s) => s.startsWith(`${decision} `)),
      decision,
    );

  const shared = freshModel();
  // Each coordinate in turn changes fastest, so that consecutive requests differ in that alone (what a memo that
  // forgot it would get wrong); then backwards and with a stride.
  const indexes = requests.map((_, i) => i);
  const changingFastest = (d: number) =>
    [...indexes].sort((x, y) => {
      const ax = requests[x]!.at;
      const ay = requests[y]!.at;
      for (const k of [0, 1, 2, 3].filter((k) => k !== d).concat(d)) if (ax[k] !== ay[k]) return ax[k]! - ay[k]!;
      return 0;
    });
  const orders = [0, 1, 2, 3].map(changingFastest).concat([indexes.map((i) => requests.length - 1 - i), indexes.map((i) => (i * 37) % requests.length)]);
  for (const order of orders) {
    for (const i of order) {
      const { request, options } = requests[i]!;
      assert.equal(
        summary(evaluate(shared, request, options)),
        expected[i],
        `${request.action} on ${request.resource} (${options.catalog ? 'catalog' : 'no catalog'})`,
      );
    }
  }
});
