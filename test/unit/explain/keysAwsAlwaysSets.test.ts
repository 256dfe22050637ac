// An answer to a request without a key AWS sets on every request (aws:SecureTransport) is said to rest on it only when
// the key could change it: an Allow it kept out of a denial, a Deny it kept out of a grant. An Allow kept out of a
// grant, or a Deny kept out of a denial, decides nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { absentKeysAwsAlwaysSets } from '../../../server/src/iam/explain/keysAwsAlwaysSets';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';

const overHttps = (Effect: 'Allow' | 'Deny', Action: string, secure: 'true' | 'false') => ({
  Effect,
  Action,
  Resource: '*',
  Condition: { Bool: { 'aws:SecureTransport': secure } },
});

/** The keys said for alice's request of `action`, her policy being these statements. */
function said(action: string, ...statements: unknown[]): string[] {
  const text = JSON.stringify({
    accounts: { '111122223333': { users: { alice: { inlinePolicies: { p: { Version: '2012-10-17', Statement: statements } } } } } },
  });
  const { model } = loadModel('/w/m.iam-model.json', memoryHost({ '/w/m.iam-model.json': text }));
  const result = evaluate(model, { principal: 'arn:aws:iam::111122223333:user/alice', action, resource: 'arn:aws:s3:::data/k' }, { catalog: realCatalog() });
  return absentKeysAwsAlwaysSets(result);
}

test('a grant a Deny on the absent key missed rests on it; one an Allow on it missed does not', () => {
  const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  assert.deepEqual(said('s3:GetObject', read, overHttps('Deny', 's3:*', 'false')), ['aws:SecureTransport']);
  assert.deepEqual(said('s3:GetObject', read, overHttps('Allow', 's3:GetObject', 'true')), []);
});

test('a denial an Allow on the absent key missed rests on it; one a Deny on it missed does not', () => {
  assert.deepEqual(said('s3:GetObject', overHttps('Allow', 's3:GetObject', 'true')), ['aws:SecureTransport']);
  assert.deepEqual(said('s3:GetObject', overHttps('Deny', 's3:*', 'false')), []);
});
