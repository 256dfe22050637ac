// A model's policy documents are found by where they are, not by the name of the key above them: a group may be named
// `policies`, a user `inlinePolicies` or `policy`, a role `trustPolicy` or `roles`. Read as strict JSON, a group named
// `policies` lost its inline policies (and its members their access), while the same model with a comment in it did
// not. Every reading of a model must answer alike: as a tree, with comments, as values, and account by account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import type { ModelPrincipal } from '../../../server/src/iam/model/modelTypes';
import { memoryHost } from './memoryHost';
import { answers, listings, outline, padded } from './modelAnswers';

const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };

const model = {
  organization: { policies: { policies: allow('*') }, root: { id: 'r-1', scps: ['policies'], accounts: ['111122223333'] } },
  accounts: {
    '111122223333': {
      policies: { users: allow('sqs:SendMessage') },
      groups: {
        policies: { inlinePolicies: { read: allow('s3:GetObject') } },
        users: { policies: ['users'], inlinePolicies: { policies: allow('sns:Publish') } },
      },
      users: {
        inlinePolicies: { groups: ['policies'] },
        policy: { groups: ['users'], inlinePolicies: { inlinePolicies: allow('s3:PutObject') } },
        alice: { groups: ['policies', 'users'] },
      },
      roles: {
        trustPolicy: { trustPolicy: trust, inlinePolicies: { trustPolicy: allow('s3:GetObject') } },
        roles: { trustPolicy: trust, policies: ['users'] },
      },
      resources: { 'arn:aws:s3:::policies': { policy: { ...trust, Statement: [{ ...trust.Statement[0], Action: 's3:GetObject' }] } } },
    },
  },
};

const ACTIONS = ['s3:GetObject', 's3:PutObject', 'sns:Publish', 'sqs:SendMessage'];
const RESOURCES = ['arn:aws:s3:::policies/k', 'arn:aws:sns:us-east-1:111122223333:topic'];

/** A principal's fields and policies, without where they are in the text (a comment or a padding moves them). */
function withoutPlaces(principal: ModelPrincipal): string {
  return JSON.stringify(outline(principal), (key, value: unknown) => (key === 'span' ? undefined : value));
}

function read(text: string, options: { accountsOnDemand?: boolean } = {}) {
  const { model: loaded, diagnostics } = loadModel('/m/model.iam-model.json', memoryHost({ '/m/model.iam-model.json': text }), options);
  return { loaded, diagnostics: diagnostics.map((d) => `${d.code}: ${d.message}`) };
}

test('entities named like the keys documents sit under keep their policies, in every reading of the model', () => {
  const strict = JSON.stringify(model, null, 2);
  const readings = {
    'strict JSON': read(strict),
    'with a comment': read(strict.replace('{', '{ // a comment makes it a full tree\n')),
    'as values': read(padded(strict)),
    'account by account': read(padded(strict), { accountsOnDemand: true }),
  };
  const tree = readings['strict JSON'];
  assert.deepEqual(tree.diagnostics, []);
  // What each member may do, read as the model means it.
  const decision = (arn: string, action: string) =>
    (answers(tree.loaded, [action], ['arn:aws:s3:::policies/k']) as { result: { request: { principal: string }; decision: string } }[]).find(
      (a) => a.result.request.principal === arn,
    )?.result.decision;
  const user = (name: string) => `arn:aws:iam::111122223333:user/${name}`;
  assert.equal(decision(user('inlinePolicies'), 's3:GetObject'), 'allowed', "the group named policies' inline policy");
  assert.equal(decision(user('alice'), 'sns:Publish'), 'allowed', "the group named users' inline policy");
  assert.equal(decision(user('policy'), 's3:PutObject'), 'allowed', 'the inline policy named inlinePolicies');
  assert.equal(decision('arn:aws:iam::111122223333:role/trustPolicy', 's3:GetObject'), 'allowed', 'the role named trustPolicy');
  for (const [name, reading] of Object.entries(readings)) {
    if (name === 'with a comment') assert.deepEqual(reading.diagnostics, [], name);
    assert.deepEqual(listings(reading.loaded), listings(tree.loaded), name);
    assert.deepEqual(reading.loaded.principals().map(withoutPlaces), tree.loaded.principals().map(withoutPlaces), name);
    const decisions = (loaded: typeof tree.loaded) => answers(loaded, ACTIONS, RESOURCES).map((a) => (a as { result: { decision: string } }).result.decision);
    assert.deepEqual(decisions(reading.loaded), decisions(tree.loaded), name);
  }
});
