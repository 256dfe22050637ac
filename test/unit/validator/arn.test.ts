import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arnFitsFormat,
  compileArnFormat,
  formatPattern,
  isRegionSyntax,
  isValidAccountField,
  patternCovers,
  patternsIntersect,
  policyPattern,
  preparePolicyArn,
} from '../../../server/src/iam/validator/arn';
import { arnAccount, arnComponents, countArnFields, fieldRange, parseArn, splitArn } from '../../../server/src/iam/arn';

function fits(arn: string, format: string): boolean {
  const parts = splitArn(arn);
  const compiled = compileArnFormat(format);
  assert.ok(parts && compiled, `${arn} / ${format} must parse`);
  return arnFitsFormat(preparePolicyArn(parts), compiled);
}

test('splitArn keeps colons of the resource part and of policy variables', () => {
  const log = splitArn('arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:log-stream:*');
  assert.equal(log?.resource, 'log-group:/aws/x:log-stream:*');
  assert.equal(log?.region, 'us-east-1');
  const variable = splitArn('arn:aws:kms:*:${aws:PrincipalAccount}:key/*');
  assert.equal(variable?.account, '${aws:PrincipalAccount}');
  assert.equal(variable?.resource, 'key/*');
  assert.equal(splitArn('arn:aws:s3:bucket'), undefined);
  const s3 = splitArn('arn:aws:s3:::b');
  assert.ok(s3);
  assert.deepEqual(fieldRange(s3, 'resource'), { start: 13, length: 1 });
  assert.deepEqual(fieldRange(s3, 'service'), { start: 8, length: 2 });
});

test('countArnFields stops at six and ignores colons in variables', () => {
  assert.equal(countArnFields('arn:aws:s3'), 3);
  assert.equal(countArnFields('arn:aws:s3:::b:c:d'), 6);
  assert.equal(countArnFields('arn:aws:${a:b}'), 3);
});

test('patternsIntersect treats policy wildcards and variables, and format placeholders, as patterns', () => {
  const format = formatPattern('table/${TableName}');
  assert.equal(patternsIntersect(policyPattern('table/Books'), format), true);
  assert.equal(patternsIntersect(policyPattern('table/*'), format), true);
  assert.equal(patternsIntersect(policyPattern('*'), format), true);
  assert.equal(patternsIntersect(policyPattern('tabel/Books'), format), false);
  assert.equal(patternsIntersect(policyPattern('table/${aws:username}'), format), true);
  // A placeholder stands for at least one character.
  assert.equal(patternsIntersect(policyPattern('table/'), format), false);
  assert.equal(patternsIntersect(policyPattern('t?ble/x'), format), true);
  // `${*}` is a literal star, not a wildcard.
  assert.equal(patternsIntersect(policyPattern('x${*}'), policyPattern('xy')), false);
  assert.equal(patternsIntersect(policyPattern('x${*}'), policyPattern('x*')), true);
});

test('a placeholder that names one path segment never spans a slash; others may', () => {
  const bucket = formatPattern('${BucketName}', 's3');
  const object = formatPattern('${BucketName}/${ObjectName}', 's3');
  const role = formatPattern('role/${RoleNameWithPath}');
  // Objects are never buckets, and a bucket is never an object.
  assert.equal(patternsIntersect(policyPattern('amzn-s3-demo-bucket/*'), bucket), false);
  assert.equal(patternsIntersect(policyPattern('amzn-s3-demo-bucket'), object), false);
  assert.equal(patternsIntersect(policyPattern('amzn-s3-demo-bucket/*'), object), true);
  assert.equal(patternsIntersect(policyPattern('amzn-s3-demo-bucket/reports/2026/q1.csv'), object), true);
  // A wildcard may stand for a bucket name, and a policy variable for anything.
  assert.equal(patternsIntersect(policyPattern('*'), bucket), true);
  assert.equal(patternsIntersect(policyPattern('amzn-*'), bucket), true);
  assert.equal(patternsIntersect(policyPattern('*/*'), bucket), false);
  assert.equal(patternsIntersect(policyPattern('${aws:username}'), bucket), true);
  // A role name with its path holds slashes; a qualified Lambda ARN's colon fits the function name.
  assert.equal(patternsIntersect(policyPattern('role/service-role/app'), role), true);
  assert.equal(patternsIntersect(policyPattern('function:my-function:$LATEST'), formatPattern('function:${FunctionName}', 'lambda')), true);
  // A name is a segment only in the service whose naming rules say so: an IoT topic is an MQTT topic with slashes.
  assert.equal(patternsIntersect(policyPattern('topic/sensors/kitchen'), formatPattern('topic/${TopicName}', 'iot')), true);
  assert.equal(patternsIntersect(policyPattern('orders/eu'), formatPattern('${TopicName}', 'sns')), false);
});

test('patternsIntersect agrees with trying every short string, its early rejections included', () => {
  // Small random patterns over a, b and /, against every string of up to six of those characters (long enough for a
  // common string of two patterns of three tokens each): a rejection on literal ends or a row of zeros must never
  // turn a real intersection into a miss, nor the reverse.
  const strings = [''];
  for (let at = 0; at < strings.length && strings.length < 1093; at++)
    if ((strings[at] as string).length < 6) for (const c of 'ab/') strings.push(strings[at] + c);
  let seed = 7;
  const pick = <T>(items: readonly T[]): T => items[((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % items.length] as T;
  const policyPieces: [string, string][] = [
    ['a', 'a'],
    ['b', 'b'],
    ['/', '/'],
    ['*', '.*'],
    ['?', '.'],
  ];
  const formatPieces: [string, string][] = [
    ['a', 'a'],
    ['/', '/'],
    ['*', '.*'],
    ['${BucketName}', '[^/]+'],
    ['${Key}', '.+'],
  ];
  for (let round = 0; round < 400; round++) {
    const policy = Array.from({ length: round % 4 }, () => pick(policyPieces));
    const format = Array.from({ length: (round >> 2) % 4 }, () => pick(formatPieces));
    const policyRe = new RegExp(`^${policy.map(([, re]) => re).join('')}$`);
    const formatRe = new RegExp(`^${format.map(([, re]) => re).join('')}$`);
    const expected = strings.some((text) => policyRe.test(text) && formatRe.test(text));
    const policyText = policy.map(([text]) => text).join('');
    const formatText = format.map(([text]) => text).join('');
    assert.equal(patternsIntersect(policyPattern(policyText), formatPattern(formatText, 's3')), expected, `${policyText} / ${formatText}`);
  }
});

test('patternCovers is a sound inclusion test', () => {
  assert.equal(patternCovers(policyPattern('s3:get*'), policyPattern('s3:getobject')), true);
  assert.equal(patternCovers(policyPattern('s3:get*'), policyPattern('s3:getob*')), true);
  assert.equal(patternCovers(policyPattern('s3:get?bject'), policyPattern('s3:get*bject')), false);
  assert.equal(patternCovers(policyPattern('s3:get*bject'), policyPattern('s3:get?bject')), true);
  assert.equal(patternCovers(policyPattern('*'), policyPattern('anything?')), true);
  assert.equal(patternCovers(policyPattern('s3:put*'), policyPattern('s3:getobject')), false);
});

test('arnFitsFormat compares service and resource, not region or account', () => {
  assert.equal(fits('arn:aws:s3:::my-bucket', 'arn:${Partition}:s3:::${BucketName}'), true);
  assert.equal(fits('arn:aws:s3:::my-bucket/key', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'), true);
  assert.equal(fits('arn:aws:sqs:::my-bucket', 'arn:${Partition}:s3:::${BucketName}'), false);
  assert.equal(fits('arn:aws:s*:::my-bucket', 'arn:${Partition}:s3:::${BucketName}'), true);
  assert.equal(fits('arn:aws:dynamodb:us-east-1:1:tabel/x', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'), false);
  // AWS Backup recovery points name the owning service in a placeholder.
  assert.equal(fits('arn:aws:ec2:*:*:snapshot/snap-1', 'arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}'), false);
  assert.equal(fits('arn:aws:backup:*:*:recovery-point:*', 'arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}'), true);
});

test('compileArnFormat classifies region and account fields', () => {
  const bucket = compileArnFormat('arn:${Partition}:s3:::${BucketName}');
  assert.equal(bucket?.region, 'empty');
  assert.equal(bucket?.account, 'empty');
  const managed = compileArnFormat('arn:${Partition}:iam::aws:policy/${PolicyNameWithPath}');
  assert.equal(managed?.account, 'literal');
  assert.equal(managed?.accountLiteral, 'aws');
  const health = compileArnFormat('arn:${Partition}:health:*::event/${Service}/${EventTypeCode}/*');
  assert.equal(health?.region, 'any');
  assert.equal(compileArnFormat('not an arn'), undefined);
});

test('account and region syntax', () => {
  for (const ok of ['', 'aws', '123456789012', '*', '12345678901?', '1234*', '${aws:PrincipalAccount}']) {
    assert.equal(isValidAccountField(ok), true, ok);
  }
  for (const bad of ['1234-5678-9012', '12345', 'my-account', '1234567890123', '12345678901??']) {
    assert.equal(isValidAccountField(bad), false, bad);
  }
  assert.equal(isRegionSyntax('us-gov-west-1'), true);
  assert.equal(isRegionSyntax('eusc-de-east-1'), true);
  assert.equal(isRegionSyntax('us-east1'), false);
  assert.equal(isRegionSyntax('useast-1'), false);
});

test('ARNs split on the first five colons, never inside a policy variable', () => {
  assert.deepEqual(arnComponents('arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:app-*'), [
    'arn',
    'aws',
    'sqs',
    'us-east-1',
    '${aws:PrincipalAccount}',
    'app-*',
  ]);
  assert.deepEqual(arnComponents('arn:aws:lambda:us-east-1:111122223333:function:f:$LATEST'), [
    'arn',
    'aws',
    'lambda',
    'us-east-1',
    '111122223333',
    'function:f:$LATEST',
  ]);
  assert.deepEqual(arnComponents('not-an-arn'), ['not-an-arn']);
  assert.equal(parseArn('arn:aws:s3:::b/k')?.resource, 'b/k');
  assert.equal(parseArn('urn:aws:s3:::b'), undefined);
  assert.equal(arnAccount('arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
  assert.equal(arnAccount('arn:aws:iam::111122223333:root'), '111122223333');
});
