// Who-can's index skips the principals whose policies cannot name the action; the answer must be exactly the one a
// full evaluation of every principal gives, on a varied generated model and on every action and resource it knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { whoCan, type WhoCanOutcome } from '../../../server/src/iam/simulate';
import { whoCanIndex } from '../../../server/src/iam/simulate/whoCanIndex';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';
import { GENERATED_ACTIONS, generatedModelText, generatedResources } from '../helpers/generatedModel';

const catalog = realCatalog();
const FILE = '/w/generated.iam-model.json';
const { model, diagnostics } = loadModel(FILE, memoryHost({ [FILE]: generatedModelText(3, 150) }));

const shape = (o: WhoCanOutcome) => ({
  arn: o.requester.arn,
  decision: o.decision,
  resultDecision: o.result.decision,
  statement: o.statement ? `${o.statement.source.name}#${o.statement.statementIndex}` : undefined,
  deciding: o.result.decidingStatements.map((s) => `${s.source.name}#${s.statementIndex}`),
  note: o.note,
});

test('the generated model loads cleanly', () => {
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

test('who-can with its index answers exactly as evaluating every principal, and skips some', () => {
  let skipped = 0;
  for (const action of GENERATED_ACTIONS) {
    for (const resource of generatedResources()) {
      for (const context of [{ 'aws:SecureTransport': 'true' }, { 'aws:SecureTransport': 'false' }]) {
        const request = { action, resource, context };
        const indexed = whoCan(model, request, { catalog });
        const full = whoCan(model, request, { catalog, useIndex: false });
        const where = `${action} on ${resource} (${context['aws:SecureTransport']})`;
        assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), where);
        assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), where);
        assert.deepEqual(indexed.problems, full.problems, where);
      }
      const index = whoCanIndex(model, action, resource);
      skipped += index ? model.principals().filter((p) => index.unconcerned(p)).length : 0;
    }
  }
  assert.ok(skipped > 1000, `the index skipped only ${skipped} evaluations`);
});

test('a resource policy that names the action makes everyone concerned: a principal of any account may be granted by it', () => {
  const text = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { quiet: {} },
        resources: {
          'arn:aws:s3:::shared': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/quiet' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
              ],
            },
          },
        },
      },
    },
  });
  const loaded = loadModel(FILE, memoryHost({ [FILE]: text })).model;
  assert.equal(whoCanIndex(loaded, 's3:GetObject', 'arn:aws:s3:::shared/a'), undefined);
  const answer = whoCan(loaded, { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a' }, { catalog });
  assert.ok(answer.allowed.some((o) => o.requester.name === 'quiet'));
});

test("an RCP that denies the action reaches a bucket outside the model, which is taken to be in the principal's account", () => {
  const denyRcp = { Version: '2012-10-17', Statement: [{ Sid: 'DenyS3', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
  const text = JSON.stringify({
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '999999999999',
      policies: { DenyS3: denyRcp },
      root: { id: 'r-abcd', rcps: ['RCPFullAWSAccess', 'DenyS3'], accounts: ['999999999999', '111111111111'] },
    },
    accounts: { '999999999999': {}, '111111111111': { users: { quiet: {} } } },
  });
  const loaded = loadModel(FILE, memoryHost({ [FILE]: text }));
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  for (const resource of ['arn:aws:s3:::outside/key', '*']) {
    const request = { action: 's3:GetObject', resource };
    const indexed = whoCan(loaded.model, request, { catalog });
    const full = whoCan(loaded.model, request, { catalog, useIndex: false });
    assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), resource);
    const quiet = indexed.denied.find((o) => o.requester.name === 'quiet');
    assert.equal(quiet?.decision, 'explicitDeny', resource);
  }
});

test('who-can over a model loaded lazily, none of its principals built yet, answers as over one loaded eagerly', () => {
  const host = memoryHost({ [FILE]: generatedModelText(3, 150) });
  const eager = loadModel(FILE, host, { eager: true }).model;
  for (const action of GENERATED_ACTIONS.slice(0, 4)) {
    for (const resource of generatedResources().slice(0, 3)) {
      // A fresh load each time, so that the index reads every principal from its outline.
      const lazy = loadModel(FILE, host).model;
      const request = { action, resource, context: { 'aws:SecureTransport': 'true' } };
      const indexed = whoCan(lazy, request, { catalog });
      const full = whoCan(eager, request, { catalog, useIndex: false });
      assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), `${action} on ${resource}`);
      assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), `${action} on ${resource}`);
    }
  }
});
