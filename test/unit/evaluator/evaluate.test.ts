// Behaviour of the evaluate facade beyond the table-driven cases: it never throws, caches compiled policies,
// evaluates without parsing, and its trace points at policy text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { compilePolicy } from '../../../server/src/iam/evaluator/compilePolicy';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import { buildCaseModel, policyRef } from './caseModel';

const model = buildCaseModel({
  accounts: [{ id: '111111111111' }],
  users: [
    {
      arn: 'arn:aws:iam::111111111111:user/alice',
      policies: [
        {
          name: 'P',
          policy: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Ip', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
              { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
            ],
          },
        },
      ],
    },
  ],
});

test('never throws on nonsense requests; reports them as errors or denies', () => {
  for (const principal of ['', 'nobody', 'arn:aws:iam::111111111111:group/g', 'arn:aws:sts::1:assumed-role', 'arn:::::']) {
    for (const action of ['', ':', 's3:']) {
      const result = evaluate(model, { principal, action, resource: '' });
      assert.notEqual(result.decision, 'allowed', `${principal} ${action}`);
    }
  }
  assert.ok(evaluate(model, { principal: 'nobody', action: 's3:GetObject', resource: '*' }).errors.length > 0);
});

test('compiled policies are cached on the PolicyRef and a broken document compiles to errors', () => {
  const ref = policyRef({ name: 'Broken', text: '{"Statement": [ {"Effect": "Allow", "Action": 5, ' }, 'identity', 'Broken');
  const first = compilePolicy(ref);
  assert.equal(compilePolicy(ref), first);
  assert.ok(first.errors.length > 0);
  assert.ok(first.errors.every((e) => e.source?.name === 'Broken'));
});

test('the deciding statement and its condition point at the policy text', () => {
  const result = evaluate(model, {
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    context: { 'aws:SourceIp': '10.1.2.3' },
  });
  assert.equal(result.decision, 'explicitDeny');
  const deny = result.decidingStatements[0];
  assert.ok(deny?.span);
  const policy = model.principal('arn:aws:iam::111111111111:user/alice')?.identityPolicies[0];
  assert.ok(policy);
  const text = policy.parsed.text;
  assert.ok(text.slice(deny.span.offset, deny.span.offset + deny.span.length).includes('"Sid": "Ip"'));
  const condition = deny.conditions[0];
  assert.ok(condition?.span);
  assert.ok(text.slice(condition.span.offset, condition.span.offset + condition.span.length).startsWith('"aws:SourceIp"'));
  assert.equal(condition.detail, '10.1.2.3 is not in 203.0.113.0/24');
  assert.deepEqual(condition.requestValues, ['10.1.2.3']);
  const action = deny.elements.find((e) => e.element === 'Action');
  assert.ok(action?.valueSpan);
  assert.equal(text.slice(action.valueSpan.offset, action.valueSpan.offset + action.valueSpan.length), '"s3:*"');
});

test('explicit context wins over the implied context, case-insensitively', () => {
  const result = evaluate(
    model,
    {
      principal: 'arn:aws:iam::111111111111:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      context: { 'AWS:USERNAME': 'mallory', 'aws:SourceIp': '203.0.113.1' },
    },
    { now: new Date('2030-01-01T00:00:00Z') },
  );
  assert.equal(result.context['AWS:USERNAME'], 'mallory');
  assert.equal(result.context['aws:username'], undefined);
  assert.equal(result.context['aws:CurrentTime'], '2030-01-01T00:00:00Z');
  assert.equal(result.context['aws:EpochTime'], '1893456000');
  assert.equal(result.decision, 'allowed');
});

test('a Resource entry with variables shows its resolved value, or which variable had none', () => {
  const vars = buildCaseModel({
    accounts: [{ id: '111111111111' }],
    users: [
      {
        arn: 'arn:aws:iam::111111111111:user/alice',
        policies: [
          {
            name: 'Home',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] },
          },
        ],
      },
    ],
    roles: [
      {
        arn: 'arn:aws:iam::111111111111:role/R',
        policies: [
          {
            name: 'Home',
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] },
          },
        ],
      },
    ],
  });
  const allowed = evaluate(vars, { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a' });
  const resource = allowed.decidingStatements[0]?.elements.find((e) => e.element === 'Resource');
  assert.equal(resource?.resolvedValue, 'arn:aws:s3:::home/alice/*');
  const denied = evaluate(vars, { principal: 'arn:aws:sts::111111111111:assumed-role/R/s', action: 's3:GetObject', resource: 'arn:aws:s3:::home/s/a' });
  const miss = denied.nearMisses[0]?.elements.find((e) => e.element === 'Resource');
  assert.equal(miss?.reason, 'resourceVariableMissing');
  assert.equal(miss?.detail, 'the request has no value for ${aws:username}');
});

test('a model that throws yields a denied result with the error, not an exception', () => {
  const broken = {
    ...model,
    resource: (): never => {
      throw new Error('disk on fire');
    },
  };
  const result = evaluate(broken, { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
  assert.equal(result.decision, 'implicitDeny');
  assert.match(result.errors[0]?.message ?? '', /disk on fire/);
});

test('shared (cached) traces do not leak between requests: interleaved evaluations give identical results', () => {
  const requests = [
    { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '203.0.113.9' } },
    { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::other/k', context: { 'aws:SourceIp': '203.0.113.9' } },
    { principal: 'arn:aws:iam::111111111111:user/alice', action: 'ec2:StartInstances', resource: '*' },
    { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '10.0.0.1' } },
  ];
  const now = new Date('2026-06-15T12:00:00Z');
  const first = requests.map((r) => JSON.stringify(evaluate(model, r, { now })));
  const second = [...requests]
    .reverse()
    .map((r) => JSON.stringify(evaluate(model, r, { now })))
    .reverse();
  assert.deepEqual(second, first);
  assert.deepEqual(
    first.map((r) => (JSON.parse(r) as { decision: string }).decision),
    ['allowed', 'implicitDeny', 'implicitDeny', 'explicitDeny'],
  );
});

test('one document used by many refs is compiled once, and each ref reports its problems under its own name', () => {
  const parsed = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Permit', Action: 's3:*', Resource: '*' },
      ],
    }),
  );
  const forAlice = compilePolicy({ source: { name: 'ReadOnly (alice)', type: 'identity' }, parsed });
  const forBob = compilePolicy({ source: { name: 'ReadOnly (bob)', type: 'identity' }, parsed });
  assert.notEqual(forAlice, forBob, 'each ref has its own compiled policy (its traces carry its source)');
  assert.equal(forAlice.statements[0]?.action, forBob.statements[0]?.action, 'the matchers are shared');
  assert.deepEqual(
    [forAlice, forBob].map((c) => c.errors.map((e) => e.message)),
    [
      ['Statement #2 of ReadOnly (alice): Effect must be "Allow" or "Deny" (case-sensitive), not "Permit"; the statement is skipped.'],
      ['Statement #2 of ReadOnly (bob): Effect must be "Allow" or "Deny" (case-sensitive), not "Permit"; the statement is skipped.'],
    ],
  );
  // A trust policy reads the same document differently (no Resource needed): it is compiled apart.
  const asTrust = compilePolicy({ source: { name: 'Trust', type: 'trust' }, parsed });
  assert.notEqual(asTrust.statements[0]?.action, forAlice.statements[0]?.action);
});
