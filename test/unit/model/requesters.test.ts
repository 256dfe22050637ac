import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkTestsAgainstModel } from '../../../server/src/iam/assist/testChecks';
import { modelEntities } from '../../../server/src/iam/assist/modelEntities';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { requesterLabel, requesterOf, requesters, servicePrincipals } from '../../../server/src/iam/model/requesters';
import { loadTestFile } from '../../../server/src/iam/model/testFile';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { runCli } from '../cli/cliRun';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { memoryHost } from './memoryHost';

const examples = join(repoRoot(), 'examples');
const { model } = loadModel(join(examples, 'organization.iam-model.json'), createNodeModelHost(loadManagedPolicyStore()));

test('service principals named by trust and resource policies are requesters, worded like the others', () => {
  assert.ok(servicePrincipals(model).includes('ec2.amazonaws.com'), servicePrincipals(model).join(', '));
  const all = requesters(model);
  const labels = all.map(requesterLabel);
  assert.ok(labels.includes('alice (user, 111111111111)'));
  assert.ok(labels.includes('root (account root, 111111111111)'));
  assert.ok(labels.includes('ec2.amazonaws.com (service principal)'));
  // The panel's picker gets the same words from the model's entities.
  assert.deepEqual(
    modelEntities(model, realCatalog()).principals.map((p) => p.label),
    labels,
  );
});

test('a request principal is described the same way whatever its kind', () => {
  const words = (arn: string) => {
    const r = requesterOf(model, arn);
    return r ? requesterLabel(r) : undefined;
  };
  assert.equal(words('arn:aws:iam::111111111111:user/alice'), 'alice (user, 111111111111)');
  assert.equal(words('arn:aws:sts::111111111111:assumed-role/app-server/i-0abc'), 'app-server/i-0abc (role session, 111111111111)');
  assert.equal(words('ec2.amazonaws.com'), 'ec2.amazonaws.com (service principal)');
  assert.equal(words('arn:aws:iam::111111111111:user/nobody'), undefined);
  assert.equal(words('arn:aws:sts::111111111111:assumed-role/no-such-role/s'), undefined);
});

test("test files accept service principals and sessions of the model's roles, and still flag unknown ones", () => {
  const tests = JSON.stringify({
    model: './organization.iam-model.json',
    tests: [
      {
        name: 'ec2 assumes the app role',
        principal: 'ec2.amazonaws.com',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::111111111111:role/service-role/app-server',
        expect: 'allowed',
      },
      {
        name: 'a session of the app role',
        principal: 'arn:aws:sts::111111111111:assumed-role/app-server/i-1',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::example-app-data/x',
        expect: 'implicitDeny',
      },
      {
        name: 'an account a digit short',
        principal: 'arn:aws:iam::11111111111:user/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::example-app-data/x',
        expect: 'implicitDeny',
      },
      {
        name: 'a typo',
        principal: 'arn:aws:iam::111111111111:user/alicia',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::example-app-data/x',
        expect: 'implicitDeny',
      },
    ],
  });
  const { testFile } = loadTestFile('/w/t.iam-test.json', memoryHost({ '/w/t.iam-test.json': tests }));
  const unknown = checkTestsAgainstModel(testFile, model, realCatalog()).filter((d) => d.code === 'unknownPrincipal');
  // Errors both: neither test can run as written.
  assert.deepEqual(new Set(unknown.map((d) => d.severity)), new Set(['error']));
  const messages = unknown.map((d) => d.message);
  // The closest principals, as `simulate` offers them; an account id a digit short is no outsider but a typo too.
  assert.deepEqual(messages, [
    "Test 'an account a digit short': the model has no principal arn:aws:iam::11111111111:user/alice. Did you mean arn:aws:iam::111111111111:user/alice?",
    "Test 'a typo': the model has no principal arn:aws:iam::111111111111:user/alicia. Did you mean arn:aws:iam::111111111111:user/alice?",
  ]);
});

test('who-can on the command line asks the service principals too', () => {
  const run = runCli([
    'who-can',
    '-m',
    'organization.iam-model.json',
    '-a',
    'sts:AssumeRole',
    '-r',
    'arn:aws:iam::111111111111:role/service-role/app-server',
    '-f',
    'json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { allowed: { principal: string }[] };
  assert.ok(
    output.allowed.some((a) => a.principal === 'ec2.amazonaws.com'),
    run.stdout,
  );
});
