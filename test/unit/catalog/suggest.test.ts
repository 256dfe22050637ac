import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatches, editDistance } from '../../../server/src/iam/catalog/suggest';
import { realCatalog } from '../helpers/realCatalog';

test('edit distance counts swaps of neighbours as one edit', () => {
  assert.equal(editDistance('getobjcet', 'getobject'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', 'abc'), 0);
});

test('suggests the closest action names, case-insensitively', () => {
  const names = realCatalog()
    .actions('s3')
    .map((a) => a.name);
  assert.equal(closestMatches('GetObjcet', names, 3)[0], 'GetObject');
  assert.equal(closestMatches('getobject', names, 3)[0], 'GetObject');
  assert.equal(closestMatches('PutObjectAcll', names, 1)[0], 'PutObjectAcl');
});

test('suggests service prefixes and stays quiet for unrelated input', () => {
  const prefixes = realCatalog()
    .services()
    .map((s) => s.prefix);
  assert.ok(closestMatches('s4', prefixes, 3).includes('s3'));
  assert.equal(closestMatches('ec22', prefixes, 1)[0], 'ec2');
  assert.deepEqual(closestMatches('zzzzzzzzzzzzzzzz', prefixes, 3), []);
});

test('respects max and never suggests the input itself', () => {
  assert.deepEqual(closestMatches('abc', ['abc', 'abd', 'abe', 'abf'], 2), ['abd', 'abe']);
});
