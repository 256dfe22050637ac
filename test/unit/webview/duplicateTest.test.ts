import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identicalTestIndex } from '../../../client/src/protocol/duplicateTest';

const BASE = { name: 'alice reads', principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::r/k', expect: 'allowed' as const };

test('Save as test finds an identical request whatever its name and key order; any difference is a new test', () => {
  const existing: unknown[] = [{ ...BASE, name: 'other', action: 's3:PutObject' }, { expect: 'allowed', resource: 'arn:aws:s3:::r/k', name: 'x', action: 's3:GetObject', principal: BASE.principal, context: {} }];
  assert.equal(identicalTestIndex(existing, BASE), 1);
  assert.equal(identicalTestIndex(existing, { ...BASE, expect: 'implicitDeny' }), -1);
  assert.equal(identicalTestIndex(existing, { ...BASE, context: { 'aws:SourceIp': '10.0.0.1' } }), -1);
  assert.equal(identicalTestIndex([{ ...BASE, context: { b: '2', a: '1' } }], { ...BASE, context: { a: '1', b: '2' } }), 0);
  assert.equal(identicalTestIndex([null, 'text', 3], BASE), -1);
});
