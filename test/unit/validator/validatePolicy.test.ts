// The validator facade: type choice, severity settings, sorting, the guard around rules, and speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { validatePolicy, ALL_RULES } from '../../../server/src/iam/validator/validatePolicy';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import type { Rule } from '../../../server/src/iam/validator/rule';
import { realCatalog } from '../helpers/realCatalog';
import { tinyCatalog } from '../helpers/tinyCatalog';

const catalog = tinyCatalog();
const MISCASED = JSON.stringify({ Version: '2012-10-17', Statement: [{ effect: 'Allow', Actions: 's3:GetObject' }] }, null, 2);

test('findings come sorted by position, whatever order the rules ran in', () => {
  const reversed = [...ALL_RULES].reverse();
  const { findings } = validatePolicy(MISCASED, { type: 'identity', catalog, rules: reversed });
  const offsets = findings.map((f) => f.span.offset);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  assert.deepEqual(
    findings.map((f) => f.code),
    ['missingAction', 'missingResource', 'unknownElement', 'unknownElement'],
  );
});

test('severity settings change a rule’s severity or turn it off', () => {
  const { findings } = validatePolicy(MISCASED, {
    type: 'identity',
    catalog,
    severities: { unknownElement: 'warning', missingResource: 'off' },
  });
  assert.deepEqual(
    findings.map((f) => `${f.code}:${f.severity}`),
    ['missingAction:error', 'unknownElement:warning', 'unknownElement:warning'],
  );
});

test('a rule that throws becomes one internalError finding and the other rules still run', () => {
  const broken: Rule = {
    id: 'alwaysThrows',
    defaultSeverity: 'error',
    description: 'test rule',
    check() {
      throw new Error('boom');
    },
  };
  const { findings } = validatePolicy(MISCASED, { type: 'identity', catalog, rules: [broken, ...ALL_RULES] });
  const internal = findings.filter((f) => f.code === 'internalError');
  assert.equal(internal.length, 1);
  assert.match(internal[0]?.message ?? '', /alwaysThrows.*boom/);
  assert.ok(findings.some((f) => f.code === 'unknownElement'));
});

test('rules apply only to their policy types', () => {
  const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const codes = (type: 'identity' | 'resource') => validatePolicy(noPrincipal, { type, catalog }).findings.map((f) => f.code);
  assert.ok(!codes('identity').includes('missingPrincipal'));
  assert.ok(codes('resource').includes('missingPrincipal'));
});

test('auto reports the inferred type', () => {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  assert.equal(validatePolicy(trust, { type: 'auto', catalog }).type, 'trust');
  assert.equal(validatePolicy(trust, { type: 'resource', catalog }).type, 'resource');
});

test('validating a typical policy costs at most ~30 bare jsonc-parser parses', () => {
  const real = realCatalog();
  const policy = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] },
        { Sid: 'Tls', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'Kms', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
        { Sid: 'Own', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
      ],
    },
    null,
    2,
  );
  // The machine is shared: take the best of five batches for both sides, so that a busy moment does not decide.
  const time = (fn: () => void, rounds: number): number => {
    for (let i = 0; i < 20; i++) fn(); // warm up (and load the catalog services once)
    let best = Number.POSITIVE_INFINITY;
    for (let batch = 0; batch < 5; batch++) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) fn();
      best = Math.min(best, Number(process.hrtime.bigint() - started) / rounds);
    }
    return best;
  };
  const bare = time(() => parseTree(policy), 1000);
  const full = time(() => validatePolicy(policy, { type: 'identity', catalog: real }), 200);
  if (full <= bare * 30) return;
  // Too slow: name the costliest rules (each on a fresh parse, as an editor sees every keystroke) to point at the culprit.
  const parseOnly = time(() => parsePolicy(policy), 200);
  const costs = ALL_RULES.map((rule) => ({
    id: rule.id,
    cost: time(() => validatePolicy(parsePolicy(policy), { type: 'identity', catalog: real, rules: [rule] }), 50) - parseOnly,
  }))
    .sort((a, b) => b.cost - a.cost)
    .slice(0, 8)
    .map((r) => `${r.id} ${Math.round(r.cost / 1000)} µs`);
  assert.fail(`validation ${Math.round(full / 1000)} µs vs parse ${Math.round(bare / 1000)} µs (${(full / bare).toFixed(1)}x); costliest rules: ${costs.join(', ')}`);
});

test('every rule is registered once, with a camelCase id', () => {
  const ids = ALL_RULES.map((rule) => rule.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'rules registered twice');
  for (const id of ids) assert.match(id, /^[a-z][a-zA-Z0-9]*$/);
});

test('JSON nested 10,000 levels deep gives one jsonSyntax finding, no stack overflow', () => {
  for (const deep of [`${'['.repeat(10_000)}${']'.repeat(10_000)}`, `{"Statement": [${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}]}`]) {
    const { findings } = validatePolicy(deep, { type: 'identity', catalog });
    assert.deepEqual(
      findings.map((f) => f.code),
      ['jsonSyntax'],
    );
  }
});

test('half-typed documents (every prefix of a full policy) never make a rule throw, for every policy type', () => {
  const real = realCatalog();
  const full = JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'x',
      Statement: [
        {
          Sid: 'A b',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:role/r', 'AROA1234567890EXAMPLE'], Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', Service: 'Lambda' },
          NotPrincipal: {},
          Action: ['s3:Get*', 'sts:AssumeRoleWithSAML', 5],
          NotAction: [],
          Resource: ['arn:${aws:partition}:s3:::b/${aws:username', '*'],
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:o/*', null] }, NumericLessThan: { 's3:max-keys': '${x}' }, Bool: {} },
        },
        'not a statement',
        { Sid: 'A b', Effect: 'allow', Principal: '*', Action: 'sts:AssumeRole' },
      ],
    },
    null,
    1,
  );
  const types = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session', 'endpoint'] as const;
  for (let end = 0; end <= full.length; end += 5) {
    const text = full.slice(0, end);
    for (const type of types) {
      const internal = validatePolicy(text, { type, catalog: real }).findings.filter((f) => f.code === 'internalError');
      assert.deepEqual(internal.map((f) => f.message), [], `prefix of ${end} characters as ${type}`);
    }
  }
});
