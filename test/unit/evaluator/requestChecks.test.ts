// A request AWS would never see (a typo in the action, a resource that is not an ARN, a context value of the wrong
// type) still gets a decision, but the result says what is wrong with it, so nobody trusts an answer to a typo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestProblems } from '../../../server/src/iam/evaluator/requestChecks';
import { realCatalog } from '../helpers/realCatalog';

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
