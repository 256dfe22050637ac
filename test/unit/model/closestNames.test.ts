// "Did you mean" for dangling references in account models: typos and abbreviations find the name meant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestNames, didYouMean } from '../../../server/src/iam/model/closestNames';

test('a typo finds the name, nearest first, whatever the case', () => {
  assert.deepEqual(closestNames('S3Raed', ['S3Read', 'S3Write', 'Guard']), ['S3Read']);
  assert.deepEqual(closestNames('developer', ['Developers', 'Auditors']), ['Developers']);
});

test('an abbreviation finds the name, after every real near miss', () => {
  assert.equal(didYouMean('Devs', ['Developers', 'Auditors']), " Did you mean 'Developers'?");
  assert.deepEqual(closestNames('devs', ['Developers', 'dev']), ['dev', 'Developers']);
});

test('unrelated names are not suggested', () => {
  assert.deepEqual(closestNames('Finance', ['Developers', 'Auditors']), []);
  assert.deepEqual(closestNames('ab', ['Auditors']), []);
});

test('ARNs get typo suggestions only, not abbreviations', () => {
  const arns = ['arn:aws:iam::111111111111:user/bob', 'arn:aws:iam::111111111111:role/service-role/app-server'];
  assert.deepEqual(closestNames('arn:aws:iam::111111111111:user/bbo', arns, 3, 3), ['arn:aws:iam::111111111111:user/bob']);
  assert.deepEqual(closestNames('arn:aws:iam::111111111111:root', arns, 3, 3), []);
});
