// A principal given by name (`admin`, `Dev/alice`) stands for the one user or role of the model with that name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { principalArn } from '../../../server/src/iam/model/principalByName';
import { memoryHost } from './memoryHost';

test('a name that many accounts use is refused with a few of its principals and how many more, not a line of hundreds', () => {
  const accounts: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) accounts[String(100000000000 + i)] = { users: { admin: {} }, roles: { Deploy: {} } };
  const file = '/w/m.iam-model.json';
  const { model } = loadModel(file, memoryHost({ [file]: JSON.stringify({ accounts }) }));
  const named = principalArn(model, 'admin');
  assert.ok('error' in named);
  assert.equal(
    named.error,
    "'admin' names 40 principals (arn:aws:iam::100000000000:user/admin, arn:aws:iam::100000000001:user/admin, arn:aws:iam::100000000002:user/admin and 37 more); give the ARN",
  );
  const session = principalArn(model, 'Deploy/ci');
  assert.ok('error' in session);
  assert.match(session.error, /^'Deploy' names 40 roles \(arn:aws:iam::100000000000:role\/Deploy, .* and 37 more\); give the session's ARN$/);
  // A service principal is taken as written.
  assert.deepEqual(principalArn(model, 'ec2.amazonaws.com'), { arn: 'ec2.amazonaws.com' });
});

test("an ARN written with another path is the model's principal; one of another partition or account is not", () => {
  const file = '/w/m.iam-model.json';
  const model = { accounts: { '111111111111': { roles: { App: { path: '/service-role/' } }, users: { App: {} } } } };
  const { model: loaded } = loadModel(file, memoryHost({ [file]: JSON.stringify(model) }));
  assert.deepEqual(principalArn(loaded, 'arn:aws:iam::111111111111:role/App'), {
    arn: 'arn:aws:iam::111111111111:role/service-role/App',
    writtenAs: 'arn:aws:iam::111111111111:role/App',
  });
  // The user of that name is another principal, with its own ARN.
  assert.deepEqual(principalArn(loaded, 'arn:aws:iam::111111111111:user/App'), { arn: 'arn:aws:iam::111111111111:user/App' });
  for (const other of ['arn:aws-cn:iam::111111111111:role/service-role/App', 'arn:aws-cn:iam::111111111111:role/App', 'arn:aws:iam::222222222222:role/App']) {
    assert.deepEqual(principalArn(loaded, other), { arn: other }, other);
  }
});

test("a session of a role the model lacks is answered with the roles meant, or told that the name is a user's", () => {
  const file = '/w/m.iam-model.json';
  const model = { accounts: { '111111111111': { roles: { Deployer: {}, Reader: {} }, users: { alice: {}, Deployr: {} } } } };
  const { model: loaded } = loadModel(file, memoryHost({ [file]: JSON.stringify(model) }));
  const misspelt = principalArn(loaded, 'Deploer/ci');
  assert.ok('error' in misspelt);
  // The role meant, with the session as written: what to type instead. A user close in name is not offered.
  assert.match(misspelt.error, /^no role of the model is named 'Deploer'; a role session is written ROLE\/SESSION .* Did you mean 'Deployer\/ci'\?$/);
  const user = principalArn(loaded, 'alice/ci');
  assert.ok('error' in user);
  assert.match(user.error, / 'alice' is a user: only a role has sessions\.$/);
  const unknown = principalArn(loaded, 'zzzz/ci');
  assert.ok('error' in unknown);
  assert.doesNotMatch(unknown.error, /Did you mean|is a user/);
});

test('a session written with the role path, or a service principal in a misspelt Amazon domain, is refused with the one meant', () => {
  const file = '/w/m.iam-model.json';
  const model = { accounts: { '111111111111': { roles: { DeployRole: { path: '/ci/' } } } } };
  const { model: loaded } = loadModel(file, memoryHost({ [file]: JSON.stringify(model) }));
  const withPath = principalArn(loaded, 'ci/DeployRole/run');
  assert.ok('error' in withPath);
  assert.match(
    withPath.error,
    /^'ci\/DeployRole\/run' names no principal: a role session is written ROLE\/SESSION, the role's name without its path.* Did you mean 'DeployRole\/run'\?$/,
  );
  assert.deepEqual(principalArn(loaded, 'DeployRole/run'), { arn: 'arn:aws:sts::111111111111:assumed-role/DeployRole/run' });
  const service = principalArn(loaded, 'ec2.amazonaws.co');
  assert.ok('error' in service);
  assert.match(service.error, /^'ec2\.amazonaws\.co' is no service principal: .* Did you mean 'ec2\.amazonaws\.com'\?$/);
  const alexa = principalArn(loaded, 'alexa-appkit.amazon.co');
  assert.ok('error' in alexa);
  assert.match(alexa.error, / Did you mean 'alexa-appkit\.amazon\.com'\?$/);
  // Service principals, and web identity providers outside Amazon's domains, go on as written.
  for (const written of ['ec2.amazonaws.com', 'states.amazonaws.com.cn', 'alexa-appkit.amazon.com', 'accounts.google.com']) {
    assert.deepEqual(principalArn(loaded, written), { arn: written }, written);
  }
});
