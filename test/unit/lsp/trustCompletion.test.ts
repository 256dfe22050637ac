import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caret, startHarness } from './harness';

const TRUST_MODEL = (statement: string) => `{
  "accounts": { "111111111111": { "roles": { "app": { "trustPolicy": {
    "Version": "2012-10-17",
    "Statement": [
      ${statement}
    ]
  } } } } }
}`;

async function labelsAt(marked: string, uri: string, languageId = 'json'): Promise<string[]> {
  const h = await startHarness();
  try {
    const { text, position } = caret(marked);
    await h.open(uri, text, languageId);
    return (await h.completion(uri, position)).map((i) => i.label);
  } finally {
    await h.close();
  }
}

test('in a trust policy, statement keys are the ones a trust policy allows (no Resource)', async () => {
  const labels = await labelsAt(
    TRUST_MODEL('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "|" }'),
    'file:///ws/m.iam-model.json',
  );
  assert.ok(labels.includes('Condition') && labels.includes('Sid'), labels.join(', '));
  assert.ok(!labels.includes('Resource') && !labels.includes('NotResource'), labels.join(', '));
});

test('statement keys are offered on a new line when the previous line has no comma yet', async () => {
  const labels = await labelsAt(TRUST_MODEL('{\n        "Effect": "Allow"\n        "|"\n      }'), 'file:///ws/m.iam-model.json');
  assert.ok(labels.includes('Principal') && labels.includes('Action'), labels.join(', '));
  assert.ok(!labels.includes('Effect') && !labels.includes('Resource'), labels.join(', '));
});

test('a stand-alone policy file, whose type is only inferred, is offered every element', async () => {
  const labels = await labelsAt(
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "|" } ] }',
    'file:///ws/p.policy.json',
    'iam-policy',
  );
  assert.ok(labels.includes('Resource') && labels.includes('Principal'), labels.join(', '));
});
