// How request principals are recognised: the kind decides which rules of the decision flow apply (21–27, 29, 60).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRequestPrincipal } from '../../../server/src/iam/evaluator/requestPrincipal';
import { buildCaseModel } from './caseModel';

const model = buildCaseModel({
  accounts: [{ id: '111111111111' }],
  users: [{ arn: 'arn:aws:iam::111111111111:user/team/alice' }],
  roles: [{ arn: 'arn:aws:iam::111111111111:role/app/Worker' }],
});

test('each principal form resolves to its kind, entity and identity chain', () => {
  const user = resolveRequestPrincipal(model, 'arn:aws:iam::111111111111:user/team/alice');
  assert.equal(user.kind, 'user');
  assert.equal(user.entity?.name, 'alice');
  assert.deepEqual(user.chain, ['arn:aws:iam::111111111111:user/team/alice', 'arn:aws:iam::111111111111:root']);

  const session = resolveRequestPrincipal(model, 'arn:aws:sts::111111111111:assumed-role/Worker/job/7');
  assert.equal(session.kind, 'roleSession');
  assert.equal(session.roleArn, 'arn:aws:iam::111111111111:role/app/Worker', 'the role is found by name, path included');
  assert.equal(session.sessionName, 'job/7');
  assert.deepEqual(session.chain, [
    'arn:aws:sts::111111111111:assumed-role/Worker/job/7',
    'arn:aws:iam::111111111111:role/app/Worker',
    'arn:aws:iam::111111111111:root',
  ]);

  assert.equal(resolveRequestPrincipal(model, '111111111111').kind, 'root');
  assert.equal(resolveRequestPrincipal(model, 'arn:aws:iam::111111111111:root').kind, 'root');
  assert.equal(resolveRequestPrincipal(model, '*').kind, 'anonymous');
  assert.equal(resolveRequestPrincipal(model, 'lambda.amazonaws.com').kind, 'service');
  assert.equal(resolveRequestPrincipal(model, 'arn:aws:iam::111111111111:saml-provider/Okta').kind, 'federatedProvider');
  assert.equal(resolveRequestPrincipal(model, '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be').kind, 'canonicalUser');
  const federated = resolveRequestPrincipal(model, 'arn:aws:sts::111111111111:federated-user/bob', 'arn:aws:iam::111111111111:user/team/alice');
  assert.equal(federated.kind, 'federatedUser');
  assert.equal(federated.federatedBy?.name, 'alice');
});

test('principals the model should have but lacks are flagged; outside accounts are not', () => {
  assert.match(resolveRequestPrincipal(model, 'arn:aws:iam::111111111111:user/ghost').problem ?? '', /not in the model/);
  assert.equal(resolveRequestPrincipal(model, 'arn:aws:iam::999999999999:user/partner').problem, undefined);
  assert.equal(resolveRequestPrincipal(model, 'arn:aws:iam::111111111111:group/Devs').kind, 'unknown');
  assert.equal(resolveRequestPrincipal(model, 'not a principal').kind, 'unknown');
});
