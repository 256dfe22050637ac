// A request AWS would never see (a typo in the action, a resource that is not an ARN, a context value of the wrong
// type) still gets a decision, but the result says what is wrong with it, so nobody trusts an answer to a typo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestProblems } from '../../../server/src/iam/evaluator/requestChecks';
import { realCatalog } from '../helpers/realCatalog';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { buildCaseModel } from './caseModel';

const catalog = realCatalog();
const messages = (action: string, resource: string, context?: Record<string, string | string[]>) =>
  requestProblems(catalog, action, resource, context).map((p) => p.message);

test('a well-formed request has no problems', () => {
  assert.deepEqual(
    messages('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', {
      'aws:SourceIp': '203.0.113.7',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': '2026-12-01T10:00:00Z',
      'aws:MultiFactorAuthAge': '300',
      'aws:TagKeys': ['team', 'env'],
      's3:prefix': 'reports/',
    }),
    [],
  );
  assert.deepEqual(messages('iam:ListUsers', '*'), []);
});

test('a resource of no type the action acts on is named, with the types it takes; quiet where the catalog cannot know', () => {
  assert.match(
    messages('s3:ListBucket', 'arn:aws:s3:::reports/q1.csv')[0] ?? '',
    /s3:ListBucket acts on .*bucket.*'arn:aws:s3:::reports\/q1.csv' is none of them/,
  );
  assert.match(messages('dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:tabel/Books')[0] ?? '', /dynamodb:GetItem acts on table/);
  assert.deepEqual(messages('s3:ListBucket', 'arn:aws:s3:::reports'), []);
  assert.deepEqual(messages('s3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv'), []);
  // A resource type of another service (AssumeRole acts on IAM roles), and an action that takes only "*".
  assert.deepEqual(messages('sts:AssumeRole', 'arn:aws:iam::111111111111:role/path/deployer'), []);
  assert.deepEqual(messages('iam:ListUsers', 'arn:aws:iam::111111111111:user/alice'), []);
  assert.match(messages('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:alias/orders')[0] ?? '', /kms:Decrypt acts on key/);
  // Everyday resources whose names hold `/` or `:`, qualified ARNs, and AWS-owned resources without an account.
  for (const [action, resource] of [
    ['logs:DescribeLogStreams', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f'],
    ['logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:2024/01/01/[$LATEST]abc'],
    ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf'],
    ['cloudwatch:PutMetricAlarm', 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:team/a'],
    ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:f:prod'],
    ['states:StartExecution', 'arn:aws:states:us-east-1:111122223333:stateMachine:sm:alias1'],
    ['ssm:SendCommand', 'arn:aws:ssm:us-east-1::document/AWS-RunShellScript'],
    ['ssm:GetParameters', 'arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/x'],
    ['s3:GetObject', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k'],
    ['dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/t/index/i'],
    ['ecr:BatchGetImage', 'arn:aws:ecr:us-east-1:111122223333:repository/team/app'],
  ]) {
    assert.deepEqual(messages(action as string, resource as string), [], `${action} on ${resource}`);
  }
});

test('an unknown action or service names the closest real ones', () => {
  assert.match(messages('s3:GetObjekt', '*')[0] ?? '', /no action 'GetObjekt'.*Did you mean 's3:GetObject'/);
  assert.match(messages('s4:GetObject', '*')[0] ?? '', /'s4' is not a service prefix.*'s3:GetObject'/);
  assert.match(messages('s3:Get*', '*')[0] ?? '', /wildcard/);
  assert.match(messages('GetObject', '*')[0] ?? '', /service:Action/);
});

test('a resource that is not an ARN, and context values that do not fit their key, are named', () => {
  assert.deepEqual(messages('s3:GetObject', 'reports/q1.csv').length, 1);
  const found = messages('s3:GetObject', '*', {
    'aws:SourceIp': '999.1.1.1',
    'aws:SecureTransport': 'yes',
    'aws:CurrentTime': 'yesterday',
    'aws:SourceIpAddress': '10.0.0.1',
    'aws:username': ['a', 'b'],
  });
  assert.equal(found.length, 5, found.join('\n'));
  assert.match(found.join('\n'), /aws:SourceIp' holds an IP address.*'999\.1\.1\.1'/);
  assert.match(found.join('\n'), /aws:SecureTransport' holds true or false/);
  assert.match(found.join('\n'), /aws:CurrentTime' holds a date/);
  assert.match(found.join('\n'), /'aws:SourceIpAddress' is not a condition key/);
  assert.match(found.join('\n'), /single-valued, but the request gives it 2 values/);
});

test('an empty list and an empty string are different values, whichever comes first', () => {
  assert.deepEqual(messages('s3:GetObject', '*', { 'aws:MultiFactorAuthAge': [] }), []);
  assert.equal(messages('s3:GetObject', '*', { 'aws:MultiFactorAuthAge': '' }).length, 1);
  assert.deepEqual(messages('s3:GetObject', '*', { 'aws:MultiFactorAuthAge': [] }), []);
});

test('for an unknown service, whole actions are suggested only where they exist', () => {
  const [message] = messages('ss3:GetObject', '*');
  assert.doesNotMatch(message ?? '', /ssm:GetObject|sso:GetObject/);
});

test('an action whose catalog entry is known to be incomplete is never denied by "supports only Resource *", and the result says why', () => {
  // Elastic Load Balancing's two API versions share a prefix and the generated catalog keeps one entry per action
  // name (corrections.json), so "no resource types" may be wrong for any of its actions.
  const model = buildCaseModel({
    accounts: [{ id: '111111111111' }],
    users: [
      {
        arn: 'arn:aws:iam::111111111111:user/alice',
        policies: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['elasticloadbalancing:DescribeLoadBalancers', 's3:ListAllMyBuckets'],
                Resource: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1',
              },
            ],
          },
        ],
      },
    ],
  });
  const ask = (action: string) =>
    evaluate(
      model,
      { principal: 'arn:aws:iam::111111111111:user/alice', action, resource: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1' },
      { catalog },
    );
  const elb = ask('elasticloadbalancing:DescribeLoadBalancers');
  assert.equal(elb.decision, 'allowed');
  assert.match(
    elb.errors.map((e) => e.message).join('\n'),
    /catalog's entry for 'elasticloadbalancing:DescribeLoadBalancers' may be incomplete.*list_awselasticloadbalancingv2/,
  );
  // A complete entry without resource types still follows the rule: only Resource "*" matches it.
  assert.equal(ask('s3:ListAllMyBuckets').decision, 'implicitDeny');
});

test('a misspelt Region in the request names the closest one and says the list may lag AWS; a known one is fine', () => {
  const [problem] = messages('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:RequestedRegion': 'eu-wset-1' });
  assert.match(problem ?? '', /'eu-wset-1' is not one known here\. Did you mean 'eu-west-1'\? \(A Region newer than this list/);
  assert.deepEqual(messages('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', { 'aws:RequestedRegion': 'ap-southeast-5' }), []);
});
