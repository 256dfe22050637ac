// An answer that rests on a statement `check` reports as an error says so beside the decision: AWS refuses the policy,
// so "allowed" there is not a grant any account can have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { simulateRequest } from '../../../server/src/iam/simulate';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';

const catalog = realCatalog();

function assumeWithTrust(principal: unknown): { decision: string; errors: readonly string[] } {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
  const files = {
    '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { roles: { deploy: { trustPolicy: './trust.json' } } } } }),
    '/w/trust.json': trust,
  };
  const host = memoryHost(files);
  const { model } = loadModel('/w/m.iam-model.json', host);
  const request = { principal: 'arn:aws:iam::222222222222:user/x', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/deploy' };
  const { result, explanation } = simulateRequest({ model, modelPath: '/w/m.iam-model.json', host, request, options: { catalog } });
  return { decision: result.decision, errors: explanation.errors };
}

test('a role whose trust policy says "Principal": "*" is allowed as written, with a note that check reports an error in it', () => {
  const { decision, errors } = assumeWithTrust('*');
  assert.equal(decision, 'allowed');
  const note = errors.find((e) => e.includes('trustPolicyWildcardPrincipal'));
  assert.match(
    note ?? '',
    /^Statement Open of trust policy of role deploy decides this request, but check reports an error in it .*which AWS may refuse or not apply as meant/,
  );
});

test('"AWS": "*", which IAM accepts, carries no such note', () => {
  const { decision, errors } = assumeWithTrust({ AWS: '*' });
  assert.equal(decision, 'allowed');
  assert.deepEqual(
    errors.filter((e) => e.includes('check reports an error')),
    [],
  );
});
