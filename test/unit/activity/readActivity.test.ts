// CloudTrail records → requests: the shapes logs arrive in, principals, actions, resources, context and outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readActivity } from '../../../server/src/iam/activity';
import { realCatalog } from '../helpers/realCatalog';
import { fixtureText, record } from './activityFixtures';

const catalog = realCatalog();

function one(fields: Record<string, unknown>) {
  return readActivity(catalog, 'log.json', JSON.stringify({ Records: [record(fields)] }));
}

test('the delivered log of a day on the examples account: every record is a request or an unmapped record with a reason', () => {
  const read = readActivity(catalog, 'examples-day.json', fixtureText('examples-day.json'));
  assert.equal(read.fileError, undefined);
  assert.equal(read.requests.length + read.unmapped.length, 21);
  assert.deepEqual(
    read.unmapped.map((u) => [u.origin.index, u.event]),
    [
      [15, 'signin.amazonaws.com ConsoleLogin'],
      [17, 's3.amazonaws.com GetObject'],
    ],
  );
  assert.match(read.unmapped[1]?.reason ?? '', /another account \(333333333333\)/);
  const byIndex = new Map(read.requests.map((r) => [r.origin.index, r]));
  // ListObjectsV2 needs s3:ListBucket on the bucket, HeadObject s3:GetObject on the object.
  assert.deepEqual([byIndex.get(1)?.action, byIndex.get(1)?.resource], ['s3:ListBucket', 'arn:aws:s3:::example-app-data']);
  assert.deepEqual([byIndex.get(2)?.action, byIndex.get(2)?.resource], ['s3:GetObject', 'arn:aws:s3:::example-app-data/uploads/invoice-43.pdf']);
  // A role session is evaluated as the session and grouped under its role, with the path the session issuer shows.
  const session = byIndex.get(8);
  assert.equal(session?.principal, 'arn:aws:sts::111111111111:assumed-role/app-server/i-0abc1234def567890');
  assert.equal(session?.identity, 'arn:aws:iam::111111111111:role/service-role/app-server');
  // The queue is named by its URL in requestParameters: the ARN is built from the catalog's format.
  assert.equal(session?.resource, 'arn:aws:sqs:eu-west-1:111111111111:example-orders');
  assert.equal(session?.context['aws:MultiFactorAuthPresent'], 'false');
  // An AWS service assuming a role.
  assert.deepEqual(
    [byIndex.get(7)?.principal, byIndex.get(7)?.action, byIndex.get(7)?.resource],
    ['ec2.amazonaws.com', 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/service-role/app-server'],
  );
  // A federated user, with the IAM user who called GetFederationToken.
  assert.equal(byIndex.get(16)?.federatedBy, 'arn:aws:iam::111111111111:user/ci/pipeline');
  // The account root, and an action with no resource types (authorized on "*").
  assert.deepEqual([byIndex.get(14)?.principal, byIndex.get(14)?.resource], ['arn:aws:iam::111111111111:root', '*']);
  // Outcomes: AccessDenied and EC2's Client.UnauthorizedOperation are denials; NoSuchKey is neither.
  assert.deepEqual(
    [byIndex.get(4)?.outcome, byIndex.get(19)?.outcome, byIndex.get(18)?.outcome, byIndex.get(0)?.outcome],
    ['denied', 'denied', 'otherError', 'allowed'],
  );
  assert.deepEqual(byIndex.get(0)?.context, {
    'aws:RequestedRegion': 'eu-west-1',
    'aws:SourceIp': '192.0.2.10',
    'aws:SecureTransport': 'true',
    'aws:UserAgent': 'aws-cli/2.17.0',
  });
  assert.equal(byIndex.get(0)?.time?.toISOString(), '2026-11-02T09:00:00.000Z');
});

test('a JSON-lines export with lower-case columns and nested fields as text reads like the delivered log; a bad line is listed', () => {
  const read = readActivity(catalog, 'athena.jsonl', fixtureText('athena-export.jsonl'));
  assert.deepEqual(
    read.requests.map((r) => `${r.action} ${r.resource}`),
    [
      's3:GetObject arn:aws:s3:::example-app-data/uploads/invoice-42.pdf',
      'sqs:SendMessage arn:aws:sqs:eu-west-1:111111111111:example-orders',
      'iam:CreateUser arn:aws:iam::111111111111:user/shadow-admin',
    ],
  );
  assert.equal(read.requests[1]?.identity, 'arn:aws:iam::111111111111:role/service-role/app-server');
  assert.equal(read.unmapped.length, 1);
  assert.match(read.unmapped[0]?.reason ?? '', /^line 3 is not JSON: [A-Z][^(]+ \(column \d+\)$/);
  assert.deepEqual(
    read.requests.map((r) => r.origin.index),
    [0, 1, 3],
  );
});

test('a file that is not a log says so with the line, and reads nothing', () => {
  assert.match(readActivity(catalog, 'x.json', '{\n  "Records": [\n    {,}\n  ]\n}').fileError ?? '', /^not JSON: A value is expected \(line 3, column 6\)$/);
  assert.match(readActivity(catalog, 'x.json', '{"Statement": []}').fileError ?? '', /neither a CloudTrail log file/);
  assert.match(readActivity(catalog, 'x.json', '  ').fileError ?? '', /empty/);
  assert.match(readActivity(catalog, 'x.json', '{"Records": 3}').fileError ?? '', /"Records" is not a list/);
});

test('records that cannot be mapped are listed with the reason, never dropped', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ eventSource: 's3.amazonaws.com' }, /no eventSource or eventName/],
    [
      { eventSource: 's3.amazonaws.com', eventName: 'GetObjectFrobs', requestParameters: { bucketName: 'b' } },
      /no IAM action s3:GetObjectFrobs in the catalog/,
    ],
    [{ eventSource: 'nosuch.amazonaws.com', eventName: 'Go' }, /no IAM service 'nosuch'/],
    [{ eventSource: 'dynamodb.amazonaws.com', eventName: 'GetItem', requestParameters: {} }, /no resource ARN: .*dynamodb:GetItem \(table\)/],
    [
      { eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: { type: 'SAMLUser' }, requestParameters: { bucketName: 'b', key: 'k' } },
      /SAMLUser assuming a role/,
    ],
    [{ eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: undefined }, /no userIdentity/],
    [{ eventSource: 'ec2.amazonaws.com', eventName: 'StartInstances', eventType: 'AwsServiceEvent' }, /service event/],
  ];
  for (const [fields, reason] of cases) {
    const read = one(fields);
    assert.equal(read.requests.length, 0, JSON.stringify(fields));
    assert.match(read.unmapped[0]?.reason ?? '', reason);
    assert.equal(read.unmapped[0]?.origin.file, 'log.json');
  }
  const notObject = readActivity(catalog, 'log.json', '{"Records": [1, null]}');
  assert.deepEqual(
    notObject.unmapped.map((u) => [u.origin.index, u.reason]),
    [
      [0, 'the record is not a JSON object'],
      [1, 'the record is not a JSON object'],
    ],
  );
});

test('names that differ: monitoring is cloudwatch, Lambda event names carry the API version, Invoke is InvokeFunction', () => {
  const metric = one({ eventSource: 'monitoring.amazonaws.com', eventName: 'PutMetricData', requestParameters: { namespace: 'App' } });
  assert.equal(metric.requests[0]?.action, 'cloudwatch:PutMetricData');
  const fn = one({ eventSource: 'lambda.amazonaws.com', eventName: 'GetFunction20150331v2', requestParameters: { functionName: 'orders' } });
  assert.deepEqual([fn.requests[0]?.action, fn.requests[0]?.resource], ['lambda:GetFunction', 'arn:aws:lambda:eu-west-1:111111111111:function:orders']);
  const invoke = one({
    eventSource: 'lambda.amazonaws.com',
    eventName: 'Invoke',
    requestParameters: { functionName: 'arn:aws:lambda:eu-west-1:111111111111:function:orders' },
  });
  assert.deepEqual(
    [invoke.requests[0]?.action, invoke.requests[0]?.resource],
    ['lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:111111111111:function:orders'],
  );
  const table = one({ eventSource: 'dynamodb.amazonaws.com', eventName: 'GetItem', requestParameters: { tableName: 'Orders', key: { id: { S: '1' } } } });
  assert.equal(table.requests[0]?.resource, 'arn:aws:dynamodb:eu-west-1:111111111111:table/Orders');
});

test('context: MFA only when the session says so, a service name is not a source IP, endpoint and service calls', () => {
  const viaService = one({
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    sourceIPAddress: 'athena.amazonaws.com',
    vpcEndpointId: 'vpce-0example',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', invokedBy: 'athena.amazonaws.com' },
    requestParameters: { bucketName: 'b', key: 'k' },
  });
  const context = viaService.requests[0]?.context ?? {};
  assert.equal(context['aws:SourceIp'], undefined);
  assert.equal(context['aws:MultiFactorAuthPresent'], undefined);
  assert.equal(context['aws:SourceVpce'], 'vpce-0example');
  assert.equal(context['aws:ViaAWSService'], 'true');
  const plain = one({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', tlsDetails: undefined, requestParameters: { bucketName: 'b', key: 'k' } });
  assert.equal(plain.requests[0]?.context['aws:SecureTransport'], undefined);
});

test('a DynamoDB Query on an index is asked on the index, which AWS authorizes apart from its table', () => {
  const query = (requestParameters: Record<string, unknown>, resources?: unknown[]) => ({
    eventTime: '2026-11-02T09:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'Query',
    awsRegion: 'us-east-1',
    recipientAccountId: '123456789012',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/app' },
    requestParameters,
    ...(resources ? { resources } : {}),
  });
  const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
  const read = readActivity(
    catalog,
    'log.json',
    JSON.stringify({
      Records: [
        query({ tableName: 'orders', indexName: 'byCustomer' }, [{ ARN: table }]),
        query({ tableName: 'orders', indexName: 'byCustomer' }),
        query({ tableName: 'orders' }, [{ ARN: table }]),
      ],
    }),
  );
  assert.deepEqual(
    read.requests.map((r) => r.resource),
    [`${table}/index/byCustomer`, `${table}/index/byCustomer`, table],
  );
});
