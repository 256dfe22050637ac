import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog } from '../../../server/src/iam/catalog/types';
import { parsePolicy } from '../../../server/src/iam/parser/parsePolicy';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { actionFacts, actionFormats, conditionEntries, hasPolicyVariable, resourceFacts, keySupport } from '../../../server/src/iam/validator/statementFacts';
import { realCatalog } from '../helpers/realCatalog';

/** The real catalog, counting calls of the expensive lookups. */
function countingCatalog(): { catalog: Catalog; calls: Map<string, number> } {
  const real = realCatalog();
  const calls = new Map<string, number>();
  const count = (name: string): void => void calls.set(name, (calls.get(name) ?? 0) + 1);
  const catalog: Catalog = {
    ...real,
    provenance: real.provenance,
    actionsMatching: (pattern) => (count(`actionsMatching ${pattern}`), real.actionsMatching(pattern)),
    conditionKey: (name) => (count(`conditionKey ${name}`), real.conditionKey(name)),
  };
  return { catalog, calls };
}

const policy = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:Get*', 's3:ListBucket', 's3:GetObject'],
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
      },
    ],
  },
  null,
  2,
);

test('every rule together looks each action pattern and condition key up once per statement', () => {
  const { catalog, calls } = countingCatalog();
  const parsed = parsePolicy(policy);
  validatePolicy(parsed, { type: 'identity', catalog });
  assert.equal(calls.get('actionsMatching s3:Get*'), 1);
  assert.equal(calls.get('actionsMatching s3:ListBucket'), 1);
  assert.equal(calls.get('conditionKey s3:prefix'), 1);
  // A second validation of the same parsed tree reuses the cached facts.
  validatePolicy(parsed, { type: 'identity', catalog });
  assert.equal(calls.get('actionsMatching s3:Get*'), 1);
});

test('facts of a statement', () => {
  const catalog = realCatalog();
  const statement = parsePolicy(policy).document?.statements[0];
  assert.ok(statement);
  const actions = actionFacts(statement, catalog);
  assert.equal(actions.element, 'Action');
  assert.equal(actions.all, false);
  assert.ok(actions.actions.some((a) => a.name === 'GetObject'));
  // GetObject appears through s3:Get* and by name, but once in the union.
  assert.equal(actions.actions.filter((a) => a.name === 'GetObject').length, 1);
  assert.deepEqual(
    resourceFacts(statement, catalog).items.map((r) => r.kind),
    ['arn', 'arn'],
  );
  const formats = actionFormats(statement, catalog);
  assert.ok(formats?.formats.some((f) => f.format === 'arn:${Partition}:s3:::${BucketName}'));
  assert.equal(conditionEntries(statement, catalog)[0]?.keyInfo?.key, 's3:prefix');
  assert.equal(keySupport(statement, catalog)?.supports('s3:prefix'), true);
  assert.equal(keySupport(statement, catalog)?.supports('dynamodb:LeadingKeys'), false);
  assert.equal(hasPolicyVariable('home/${aws:username}/*'), true);
  assert.equal(hasPolicyVariable('home/$x{'), false);
});

test('NotAction and the bare star leave the action set unbounded', () => {
  const catalog = realCatalog();
  const doc = parsePolicy(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ],
    }),
  ).document;
  const [notAction, star] = doc?.statements ?? [];
  assert.ok(notAction && star);
  assert.equal(actionFacts(notAction, catalog).element, 'NotAction');
  assert.equal(actionFormats(notAction, catalog), undefined);
  assert.equal(actionFacts(star, catalog).all, true);
  assert.equal(keySupport(star, catalog), undefined);
});
