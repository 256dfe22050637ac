// The simulator's action field asks the language server what the catalog knows (the extension host carries no catalog).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, Requests, type DescribeActionResult, type SuggestActionsResult } from '../../../server/src/lsp/protocol';
import { startHarness, type Harness } from './harness';

async function withServer(run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness();
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

test('suggestActions completes service prefixes, then actions, with the model’s actions first', () =>
  withServer(async (h) => {
    const services: SuggestActionsResult = await h.client.sendRequest(Requests.suggestActions, { text: 's' });
    assert.deepEqual(
      services.map((s) => s.value),
      ['s3:', 'sts:'],
    );
    assert.equal(services[0]?.detail, 'Amazon S3');

    const actions: SuggestActionsResult = await h.client.sendRequest(Requests.suggestActions, {
      text: 'S3:getobj',
      modelActions: ['s3:GetObjectTagging', 's3:Get*', 'iam:GetRole'],
    });
    assert.deepEqual(
      actions.map((s) => s.value),
      ['s3:GetObjectTagging', 's3:GetObject'],
      'the model’s action once, first; a wildcard and another service’s action left out',
    );
    assert.deepEqual(actions[1], { value: 's3:GetObject', detail: 'Read' });
  }));

test('describeAction gives the resource ARN formats in partition aws and the condition keys with their types', () =>
  withServer(async (h) => {
    const info: DescribeActionResult = await h.client.sendRequest(Requests.describeAction, { action: 's3:getobject' });
    assert.equal(info.action, 's3:GetObject');
    assert.equal(info.known, true);
    assert.equal(info.wildcardOnly, false);
    assert.ok(info.resourceTemplates.includes('arn:aws:s3:::${BucketName}/${ObjectName}'), info.resourceTemplates.join(', '));
    assert.equal(new Set(info.resourceTemplates).size, info.resourceTemplates.length, 'each format once');
    assert.ok(info.resourceTemplates.every((t) => !t.includes('${Partition}')));
    const tls = info.conditionKeys.find((k) => k.key === 's3:TlsVersion');
    assert.equal(tls?.type, 'Numeric');

    const unknown: DescribeActionResult = await h.client.sendRequest(Requests.describeAction, { action: 's3:GetObjekt' });
    assert.deepEqual(unknown, { action: 's3:GetObjekt', known: false, resourceTemplates: [], wildcardOnly: false, conditionKeys: [] });
  }));

test('a lookup without its text is refused as bad input, not answered with a crash', () =>
  withServer(async (h) => {
    await assert.rejects(h.client.sendRequest(Requests.suggestActions, { modelActions: [] }), (error: { code?: number }) => error.code === ErrorCodes.badInput);
    await assert.rejects(h.client.sendRequest(Requests.describeAction, {}), (error: { code?: number }) => error.code === ErrorCodes.badInput);
  }));
