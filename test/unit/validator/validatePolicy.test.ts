// The validator facade: type choice, severity settings, sorting, the guard around rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy, ALL_RULES } from '../../../server/src/iam/validator/validatePolicy';
import type { Rule } from '../../../server/src/iam/validator/rule';
import { realCatalog } from '../helpers/realCatalog';
import { tinyCatalog } from '../helpers/tinyCatalog';

const catalog = tinyCatalog();
const MISCASED = JSON.stringify({ Version: '2012-10-17', Statement: [{ effect: 'Allow', Actions: 's3:GetObject' }] }, null, 2);

test('findings come sorted by position, whatever order the rules ran in', () => {
  const reversed = [...ALL_RULES].reverse();
  const { findings } = validatePolicy(MISCASED, { type: 'identity', catalog, rules: reversed });
  const offsets = findings.map((f) => f.span.offset);
  assert.deepEqual(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
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

test('every rule is registered once, with a camelCase id', () => {
  const ids = ALL_RULES.map((rule) => rule.id);
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    'rules registered twice',
  );
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
          Principal: {
            AWS: ['arn:aws:iam::111122223333:role/r', 'AROA1234567890EXAMPLE'],
            Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
            Service: 'Lambda',
          },
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
      assert.deepEqual(
        internal.map((f) => f.message),
        [],
        `prefix of ${end} characters as ${type}`,
      );
    }
  }
});
