// Pins each inference rule of inferPolicyType (see its comment) with the document shape that triggers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import { inferPolicyType } from '../../../server/src/iam/validator/inferPolicyType';

const infer = (statements: unknown[]): string => inferPolicyType(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements })).document);

test('no document (empty or not an object) is identity', () => {
  assert.equal(inferPolicyType(parsePolicy('').document), 'identity');
  assert.equal(inferPolicyType(parsePolicy('[1]').document), 'identity');
});

test('no principal anywhere is identity (SCPs, boundaries and session policies look the same)', () => {
  assert.equal(infer([{ Effect: 'Deny', Action: '*', Resource: '*' }]), 'identity');
});

test('role-assumption actions with a principal and no Resource are a trust policy', () => {
  assert.equal(infer([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'trust');
  assert.equal(
    infer([
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'STS:SetSourceIdentity'] },
    ]),
    'trust',
  );
});

test('role-assumption actions with a Resource, or other actions, are a resource policy', () => {
  assert.equal(infer([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole', Resource: '*' }]), 'resource');
  assert.equal(infer([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: ['sts:AssumeRole', 's3:GetObject'] }]), 'resource');
  // Only a trust policy names an identity provider: a stray Resource beside one is the trust policy's finding.
  const federated = { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' };
  assert.equal(infer([{ Effect: 'Allow', Principal: federated, Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*' }]), 'trust');
});

test('Deny-only statements with Principal "*" and Resource "*" are an RCP', () => {
  assert.equal(
    infer([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }]),
    'rcp',
  );
  assert.equal(infer([{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]), 'rcp');
});

test('a Deny-only bucket policy naming its bucket stays a resource policy', () => {
  assert.equal(infer([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }]), 'resource');
  assert.equal(infer([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]), 'resource');
});
