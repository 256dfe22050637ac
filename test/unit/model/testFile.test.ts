import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestFile } from '../../../server/src/iam/model/testFile';
import { ALLOW_S3_READ, memoryHost } from './memoryHost';

const TESTS = `{
  "model": "../models/account.iam-model.json",
  "tests": [
    { "name": "reads over TLS", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
      "resource": "arn:aws:s3:::reports/q1.csv",
      "context": { "aws:SecureTransport": true, "aws:TagKeys": ["a", "b"], "s3:max-keys": 10 },
      "sessionPolicies": ["./session.json", { "Version": "2012-10-17", "Statement": [] }],
      "expect": "allowed" },
    { "name": "no expect", "principal": "p", "action": "a", "resource": "r" },
    { "name": "bad expect", "principal": "p", "action": "a", "resource": "r", "expect": "denied" },
    { "name": "reads over TLS", "principal": "p", "action": "a", "resource": "r", "expect": "implicitDeny", "expected": 1 }
  ]
}`;

test('a test file reads its model path relative to itself, context values as strings, and session policies', () => {
  const host = memoryHost({ '/w/tests/a.iam-test.json': TESTS, '/w/tests/session.json': ALLOW_S3_READ });
  const { testFile, diagnostics } = loadTestFile('/w/tests/a.iam-test.json', host);
  assert.equal(testFile.model, '/w/models/account.iam-model.json');
  const first = testFile.tests[0];
  assert.ok(first);
  assert.deepEqual(first.context, { 'aws:SecureTransport': 'true', 'aws:TagKeys': ['a', 'b'], 's3:max-keys': '10' });
  assert.deepEqual(
    first.sessionPolicies.map((p) => [p.source.type, p.source.file]),
    [
      ['session', '/w/tests/session.json'],
      ['session', '/w/tests/a.iam-test.json'],
    ],
  );
  assert.equal(TESTS.slice(first.nameSpan.offset, first.nameSpan.offset + first.nameSpan.length), '"reads over TLS"');
  // Tests with problems are reported and left out; the rest still run.
  assert.deepEqual(
    testFile.tests.map((t) => t.name),
    ['reads over TLS', 'reads over TLS'],
  );
  const messages = diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);
  assert.ok(messages.some((m) => /error missingKey The test 'no expect' has no "expect"/.test(m)));
  assert.ok(messages.some((m) => /error invalidValue "expect" must be allowed, explicitDeny or implicitDeny, not 'denied'/.test(m)));
  assert.ok(messages.some((m) => /error unknownKey Unknown key 'expected'.*Did you mean 'expect'/.test(m)));
  assert.ok(messages.some((m) => /warning duplicateTest/.test(m)));
});

test('a test file without a model, or that cannot be read, says so', () => {
  const host = memoryHost({ '/w/t.json': '{ "tests": [] }' });
  assert.match(loadTestFile('/w/t.json', host).diagnostics[0]?.message ?? '', /needs a "model"/);
  assert.equal(loadTestFile('/w/t.json', host).testFile.model, undefined);
  assert.equal(loadTestFile('/w/missing.json', host).diagnostics[0]?.code, 'unreadableFile');
});
