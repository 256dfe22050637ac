import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver';
import { typedFits } from '../../../server/src/iam/assist/completeActions';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { applyCompletion, caret, startHarness, visible, type Harness, type HarnessOptions } from './harness';
import { Requests, type ModelStatus } from '../../../server/src/lsp/protocol';

const URI = 'file:///work/policy.json';

/** Completes at the caret of `marked`, picks the item labelled `label`, returns the text after the edit and the items. */
async function complete(
  h: Harness,
  marked: string,
  label: string | undefined,
  uri = URI,
): Promise<{ text: string | undefined; items: CompletionItem[]; shown: CompletionItem[] }> {
  const { text, position } = caret(marked);
  await h.open(uri, text, 'iam-policy');
  const items = await h.completion(uri, position);
  const shown = visible(text, position, items);
  if (label === undefined) return { text: undefined, items, shown };
  const item = items.find((i) => i.label === label);
  assert.ok(
    item,
    `no item ${label} among ${items
      .map((i) => i.label)
      .slice(0, 40)
      .join(', ')}`,
  );
  assert.ok(shown.includes(item), `${label} would be filtered out by the editor`);
  return { text: applyCompletion(text, item), items, shown };
}

async function withServer(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

test('Effect values inside a string and after a colon', () =>
  withServer(async (h) => {
    assert.equal((await complete(h, '{"Statement":[{"Effect":"Al|"}]}', 'Allow')).text, '{"Statement":[{"Effect":"Allow"}]}');
    assert.equal((await complete(h, '{"Statement":[{"Effect":|}]}', 'Deny')).text, '{"Statement":[{"Effect":"Deny"}]}');
    assert.equal((await complete(h, '{"Version":"|"}', '2012-10-17')).text, '{"Version":"2012-10-17"}');
  }));

test('statement keys: the whole property when no colon follows, only the name when one does; existing keys are not offered', () =>
  withServer(async (h) => {
    assert.equal((await complete(h, '{"Statement":[{"Eff|"}]}', 'Effect')).text, '{"Statement":[{"Effect": "Allow"}]}');
    assert.equal((await complete(h, '{"Statement":[{"Eff|": "Deny"}]}', 'Effect')).text, '{"Statement":[{"Effect": "Deny"}]}');
    const { items } = await complete(h, '{"Statement":[{"Effect":"Allow", "|"}]}', undefined);
    assert.ok(items.some((i) => i.label === 'Action'));
    assert.ok(!items.some((i) => i.label === 'Effect'), 'Effect is already there');
    assert.equal((await complete(h, '{\n  |\n  "Statement": []\n}', 'Version')).text, '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
  }));

test('a stand-alone trust policy is offered only the elements a trust policy allows, once its text shows it is one', () =>
  withServer(async (h) => {
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole", "|"}]}';
    const { items } = await complete(h, trust, undefined, 'file:///work/ec2-trust.json');
    assert.ok(items.some((i) => i.label === 'Condition'));
    assert.ok(!items.some((i) => i.label === 'Resource' || i.label === 'NotResource'), 'a trust policy names no resource');
    // The same statement with a resource-policy action is a resource policy, which may name resources.
    const resource = trust.replace('"sts:AssumeRole"', '"s3:GetObject"');
    const other = await complete(h, resource, undefined, 'file:///work/bucket.json');
    assert.ok(other.items.some((i) => i.label === 'Resource'));
  }));

test('actions: service prefixes first, then the service actions with access level, description and patterns', () =>
  withServer(async (h) => {
    const services = await complete(h, '{"Statement":[{"Action":"s|"}]}', 's3');
    assert.equal(services.text, '{"Statement":[{"Action":"s3:"}]}');
    const s3 = services.items.find((i) => i.label === 's3');
    assert.equal(s3?.command?.command, 'editor.action.triggerSuggest', 'picking a service asks for its actions');
    const bare = await complete(h, '{"Statement":[{"Action":[|]}]}', 'iam');
    assert.equal(bare.text, '{"Statement":[{"Action":["iam:"]}]}');

    const actions = await complete(h, '{"Statement":[{"Action":["s3:GetO|"]}]}', 's3:GetObject');
    assert.equal(actions.text, '{"Statement":[{"Action":["s3:GetObject"]}]}');
    const item = actions.items.find((i) => i.label === 's3:GetObject');
    assert.equal(item?.detail, 'Read');
    assert.match(JSON.stringify(item?.documentation), /Grants permission/);
    assert.ok(!actions.shown.some((i) => i.label === 's3:PutObject'), 'the editor filters on the typed prefix');
    const pattern = actions.items.find((i) => i.label === 's3:Get*');
    assert.match(pattern?.detail ?? '', /actions starting with Get/);
    assert.ok(actions.items.some((i) => i.label === 's3:*'));
  }));

test('an unterminated string gets its closing quote and keeps the rest of the line', () =>
  withServer(async (h) => {
    assert.equal((await complete(h, '{"Statement":[{"Action":"s3:GetO|', 's3:GetObject')).text, '{"Statement":[{"Action":"s3:GetObject"');
  }));

test('condition operators with qualifiers and IfExists', () =>
  withServer(async (h) => {
    const { text, items } = await complete(h, '{"Statement":[{"Condition":{"Str|"}}]}', 'StringEquals');
    assert.equal(text, '{"Statement":[{"Condition":{"StringEquals": {\n\t"": ""\n}}}]}');
    for (const label of ['StringLikeIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'Null', 'IpAddress']) {
      assert.ok(
        items.some((i) => i.label === label),
        label,
      );
    }
    assert.ok(!items.some((i) => i.label === 'NullIfExists'), 'AWS rejects NullIfExists');
  }));

test("condition keys: the statement's actions' keys and the global keys, with their types", () =>
  withServer(async (h) => {
    const marked = '{"Statement":[{"Action":"s3:GetObject","Condition":{"StringEquals":{"|": "x"}}}]}';
    const { items, text } = await complete(h, marked, 'aws:SourceVpc');
    assert.equal(text, '{"Statement":[{"Action":"s3:GetObject","Condition":{"StringEquals":{"aws:SourceVpc": "x"}}}]}');
    const serviceKey = items.find((i) => i.label.startsWith('s3:'));
    assert.ok(serviceKey, 'a key of s3:GetObject is offered');
    assert.equal(items.find((i) => i.label === 'aws:SourceIp')?.detail, 'IPAddress');
    assert.match(items.find((i) => i.label === 'aws:TagKeys')?.detail ?? '', /multi-valued/);
    const catalog = tinyCatalog();
    const foreign = items.filter((i) => !i.label.startsWith('s3:') && catalog.conditionKey(i.label)?.global !== true);
    assert.deepEqual(
      foreign.map((i) => i.label),
      [],
      'only s3 keys and global keys',
    );
    assert.ok(catalog.serviceConditionKeys('ec2').length > 0, 'the catalog does have ec2 keys to leave out');
    const tag = await complete(h, '{"Statement":[{"Condition":{"StringEquals":{"aws:Res|"}}}]}', 'aws:ResourceTag/${TagKey}');
    assert.equal(tag.text, '{"Statement":[{"Condition":{"StringEquals":{"aws:ResourceTag/TagKey": ""}}}]}');
  }));

test('values of keys with known values', () =>
  withServer(async (h) => {
    assert.equal(
      (await complete(h, '{"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":"|"}}}]}', 'false')).text,
      '{"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
    );
    const types = await complete(h, '{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalType":"|"}}}]}', 'AssumedRole');
    assert.equal(types.text, '{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}}]}');
    const regions = await complete(h, '{"Statement":[{"Condition":{"StringEquals":{"aws:RequestedRegion":["eu-|"]}}}]}', 'eu-west-1');
    assert.equal(regions.text, '{"Statement":[{"Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}');
  }));

test("resource ARNs as snippets from the statement's actions' ARN formats", () =>
  withServer(async (h) => {
    const marked = '{"Statement":[{"Action":"s3:GetObject","Resource":"|"}]}';
    const { text, items } = await complete(h, marked, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.equal(text, '{"Statement":[{"Action":"s3:GetObject","Resource":"arn:aws:s3:::BucketName/ObjectName"}]}');
    const item = items.find((i) => i.label.startsWith('arn:'));
    assert.equal(item?.insertTextFormat, 2, 'a snippet with placeholders');
    assert.ok(items.some((i) => i.label === '*'));
    const typed = await complete(
      h,
      '{"Statement":[{"Action":"s3:GetObject","Resource":"arn:aws:s3:::rep|"}]}',
      'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
    );
    assert.equal(typed.text, '{"Statement":[{"Action":"s3:GetObject","Resource":"arn:aws:s3:::BucketName/ObjectName"}]}');
  }));

test('policy variables inside ${', () =>
  withServer(async (h) => {
    const marked = '{"Statement":[{"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:us|"}]}';
    assert.equal(
      (await complete(h, marked, 'aws:username')).text,
      '{"Statement":[{"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}"}]}',
    );
  }));

test('principals: types, service principals and the users and roles of the configured account model', async () => {
  const model = JSON.stringify({
    accounts: { '111111111111': { users: { alice: {} }, roles: { deployer: { trustPolicy: { Version: '2012-10-17', Statement: [] } } } } },
  });
  await withServer(
    async (h) => {
      // The configured model loads after initialization: wait until the server says it has (not a fixed delay, which a
      // busy machine outlasts).
      for (let attempt = 0; attempt < 500; attempt++) {
        const status: ModelStatus = await h.client.sendRequest(Requests.getModelStatus, {});
        if (status.state === 'loaded') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const aws = await complete(h, '{"Statement":[{"Principal":{"AWS":"|"}}]}', 'arn:aws:iam::111111111111:user/alice');
      assert.equal(aws.text, '{"Statement":[{"Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"}}]}');
      assert.ok(aws.items.some((i) => i.label === 'arn:aws:iam::111111111111:role/deployer'));
      assert.ok(aws.items.some((i) => i.label === 'arn:aws:iam::111111111111:root'));
      const service = await complete(h, '{"Statement":[{"Principal":{"Service":"lam|"}}]}', 'lambda.amazonaws.com');
      assert.equal(service.text, '{"Statement":[{"Principal":{"Service":"lambda.amazonaws.com"}}]}');
      const type = await complete(h, '{"Statement":[{"Principal":{"Ser|"}}]}', 'Service');
      assert.equal(type.text, '{"Statement":[{"Principal":{"Service": ""}}]}');
    },
    { files: { '/work/account.iam-model.json': model }, settings: { model: 'account.iam-model.json' } },
  );
});

test('clients without snippet support get plain text', () =>
  withServer(
    async (h) => {
      const { text, items } = await complete(h, '{"Statement":[{"Eff|"}]}', 'Effect');
      assert.equal(text, '{"Statement":[{"Effect": "Allow"}]}');
      assert.ok(items.every((i) => i.insertTextFormat !== 2));
    },
    { snippets: false },
  ));

test('completion works inside a policy embedded in an account model', () =>
  withServer(async (h) => {
    const marked = '{"accounts":{"111111111111":{"users":{"alice":{"inlinePolicies":{"p":{"Statement":[{"Effect":"D|"}]}}}}}}}';
    const { text } = await complete(h, marked, 'Deny', 'file:///work/x.iam-model.json');
    assert.equal(text, '{"accounts":{"111111111111":{"users":{"alice":{"inlinePolicies":{"p":{"Statement":[{"Effect":"Deny"}]}}}}}}}');
  }));

test('nothing is offered right after a complete value', () =>
  withServer(async (h) => {
    assert.deepEqual((await complete(h, '{"Statement":[{"Action":"s3:GetObject"|}]}', undefined)).items, []);
    assert.deepEqual((await complete(h, '{"Statement":[{"Action":["s3:GetObject"] |}]}', undefined)).items, []);
    assert.ok((await complete(h, '{"Statement":[{"Action":["s3:GetObject", |]}]}', undefined)).items.length > 0, 'after a comma, yes');
  }));

test('an ARN being typed keeps only the formats it can still become', () => {
  assert.equal(typedFits('arn:aws:s3:::rep', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'), true);
  assert.equal(typedFits('arn:aws:s3:::reports/2026/q1', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'), true);
  assert.equal(typedFits('arn:aws:s3:::rep', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'), false);
  assert.equal(typedFits('arn:aws:dynamodb:eu-west-1:1111', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'), true);
});
