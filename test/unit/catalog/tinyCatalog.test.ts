import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { realCatalog } from '../helpers/realCatalog';

const tiny = tinyCatalog();
const real = realCatalog();

test('the tiny catalog holds five services with their real names', () => {
  assert.deepEqual(
    tiny.services().map((s) => s.prefix),
    ['ec2', 'iam', 'kms', 's3', 'sts'],
  );
  for (const s of tiny.services()) assert.deepEqual(s, real.service(s.prefix));
});

test('every tiny action, resource type and key is identical to the real one', () => {
  for (const service of tiny.services()) {
    for (const action of tiny.actions(service.prefix)) {
      assert.deepEqual(action, real.action(service.prefix, action.name), `${service.prefix}:${action.name}`);
      for (const key of action.conditionKeys) {
        const info = tiny.conditionKey(key.replace('${TagKey}', 'x').replace('<key>', 'x'));
        assert.ok(info, `${key} missing from the tiny catalog`);
      }
    }
    for (const resource of tiny.resourceTypes(service.prefix)) {
      assert.deepEqual(resource, real.resourceType(service.prefix, resource.name));
    }
    const realKeys = new Map(real.serviceConditionKeys(service.prefix).map((k) => [k.key, k]));
    for (const key of tiny.serviceConditionKeys(service.prefix)) {
      const realKey = realKeys.get(key.key);
      assert.ok(realKey, `${key.key} is not a real ${service.prefix} key`);
      assert.deepEqual({ ...key, description: '' }, { ...realKey, description: '' }, key.key);
    }
  }
  assert.deepEqual(tiny.globalConditionKeys(), real.globalConditionKeys());
});

test('the tiny catalog answers the same wildcard and key questions', () => {
  assert.deepEqual(
    tiny.actionsMatching('s3:Get*').map((a) => a.name),
    ['GetBucketPolicy', 'GetObject', 'GetObjectTagging'],
  );
  assert.equal(tiny.conditionKey('aws:ResourceTag/team')?.key, 'aws:ResourceTag/${TagKey}');
  assert.equal(tiny.conditionKey('kms:EncryptionContext:purpose')?.key, 'kms:EncryptionContext:${EncryptionContextKey}');
  assert.equal(tiny.action('sqs', 'SendMessage'), undefined);
});
