import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allConditionOperatorSpellings, BASE_OPERATORS, parseConditionOperator } from '../../../server/src/iam/conditionOperators';

test('the table holds the 27 base operators of the AWS page', () => {
  assert.equal(BASE_OPERATORS.length, 27);
  const byCategory = new Map<string, number>();
  for (const b of BASE_OPERATORS) byCategory.set(b.category, (byCategory.get(b.category) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(byCategory), { string: 6, numeric: 6, date: 6, bool: 1, binary: 1, ip: 2, arn: 4, null: 1 });
});

test('parses qualifier, base and IfExists', () => {
  const p = parseConditionOperator('ForAnyValue:StringNotLikeIfExists');
  assert.ok(p);
  assert.equal(p.qualifier, 'ForAnyValue');
  assert.equal(p.base.name, 'StringNotLike');
  assert.equal(p.base.negated, true);
  assert.equal(p.base.like, true);
  assert.equal(p.base.wildcards, true);
  assert.equal(p.ifExists, true);
  assert.equal(p.exactCase, true);
  assert.equal(p.valid, true);
});

test('ArnEquals takes wildcards like ArnLike; NotIpAddress is negated; IgnoreCase is flagged', () => {
  const arnEquals = parseConditionOperator('ArnEquals');
  assert.equal(arnEquals?.base.wildcards, true);
  assert.equal(arnEquals?.base.like, false);
  assert.equal(parseConditionOperator('NotIpAddress')?.base.negated, true);
  assert.equal(parseConditionOperator('StringNotEqualsIgnoreCase')?.base.ignoreCase, true);
  assert.equal(parseConditionOperator('NumericLessThanEquals')?.base.comparison, 'lessThanEquals');
  assert.equal(parseConditionOperator('StringEquals')?.base.wildcards, false);
});

test('policy variables: String, ARN and Bool only', () => {
  const allowed = BASE_OPERATORS.filter((b) => b.policyVariables).map((b) => b.category);
  assert.deepEqual([...new Set(allowed)], ['string', 'bool', 'arn']);
});

test('miscased, invalid and unknown operators', () => {
  const miscased = parseConditionOperator('forallvalues:stringequals');
  assert.equal(miscased?.canonical, 'ForAllValues:StringEquals');
  assert.equal(miscased?.exactCase, false);
  const nullIfExists = parseConditionOperator('NullIfExists');
  assert.equal(nullIfExists?.valid, false);
  assert.equal(nullIfExists?.base.name, 'Null');
  assert.equal(parseConditionOperator('ForAllValues:Null')?.valid, true);
  assert.equal(parseConditionOperator('StringEqual'), undefined);
  assert.equal(parseConditionOperator('ForSomeValues:StringEquals'), undefined);
  assert.equal(parseConditionOperator('IfExists'), undefined);
});

test('allConditionOperatorSpellings lists every valid spelling once', () => {
  const all = allConditionOperatorSpellings();
  assert.equal(new Set(all).size, all.length);
  // 27 bases × 3 qualifier forms, each with IfExists except Null.
  assert.equal(all.length, 3 * (27 + 26));
  assert.ok(all.includes('ForAllValues:ArnLikeIfExists'));
  assert.ok(!all.includes('NullIfExists'));
  for (const spelling of all) assert.equal(parseConditionOperator(spelling)?.exactCase, true, spelling);
});
