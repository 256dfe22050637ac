import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { wordAwayMatches } from '../../../server/src/iam/validator/wordAway';
import { realCatalog } from '../helpers/realCatalog';

const catalog = realCatalog();

function apply(text: string, edits: readonly { span: { offset: number; length: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.offset - a.span.offset))
    out = out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length);
  return out;
}

test('a global condition key a word away gets its did-you-mean and a quick fix', () => {
  const text =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIpAddress":"10.0.0.0/8"}}}]}';
  const finding = validatePolicy(text, { type: 'identity', catalog }).findings.find((f) => f.code === 'unknownGlobalConditionKey');
  assert.ok(finding);
  assert.match(finding.message, /Did you mean 'aws:SourceIp'\?$/);
  const fix = finding.fixes?.[0];
  assert.ok(fix);
  assert.equal(fix.preferred, true);
  assert.match(apply(text, fix.edits), /\{"aws:SourceIp":"10\.0\.0\.0\/8"\}/);
});

test('word-away suggestions: a word added, dropped or replaced, with the same prefix only', () => {
  const keys = ['aws:SourceIp', 'aws:SourceVpc', 'aws:SourceAccount', 'aws:UserId', 's3:SourceIp'];
  assert.deepEqual(wordAwayMatches('aws:SourceIpAddress', keys), ['aws:SourceIp']);
  assert.deepEqual(wordAwayMatches('aws:SourceVpcId', keys), ['aws:SourceVpc']);
  assert.deepEqual(wordAwayMatches('aws:Ip', keys), [], 'a single word is too little to go on');
  assert.deepEqual(wordAwayMatches('aws:TargetIp', keys), ['aws:SourceIp']);
  assert.deepEqual(wordAwayMatches('aws:SourceIp', keys), ['aws:SourceVpc', 'aws:SourceAccount'], 'never the input itself');
});

test('renaming a misspelt action to one the list already has removes it instead of leaving a duplicate', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","s3:GetObject"],"Resource":"*"}]}';
  const finding = validatePolicy(text, { type: 'identity', catalog }).findings.find((f) => f.code === 'unknownAction');
  const fix = finding?.fixes?.find((f) => f.preferred) ?? finding?.fixes?.[0];
  assert.ok(fix);
  assert.equal(fix.title, "Remove 's3:GetObjekt' ('s3:GetObject' is already listed)");
  assert.match(apply(text, fix.edits), /"Action":\["s3:GetObject"\]/);
  // Without the duplicate, the fix renames in place.
  const alone = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjekt","s3:ListBucket"],"Resource":"*"}]}';
  const rename = validatePolicy(alone, { type: 'identity', catalog }).findings.find((f) => f.code === 'unknownAction')?.fixes?.[0];
  assert.ok(rename);
  assert.match(apply(alone, rename.edits), /"Action":\["s3:GetObject","s3:ListBucket"\]/);
});

test('a misspelt key that takes a name is offered with the name it gives: aws:PrincipleTag/team, aws:ResourceTags/team, ec2:ResourceTags/x', () => {
  const meant = (key: string, code: string) => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { [key]: 'data' } } }],
    });
    const finding = validatePolicy(text, { type: 'identity', catalog }).findings.find((f) => f.code === code);
    return finding?.message.match(/Did you mean (.*)\?$/)?.[1];
  };
  assert.equal(meant('aws:PrincipleTag/team', 'unknownGlobalConditionKey'), "'aws:PrincipalTag/team'");
  assert.equal(meant('aws:ResourceTags/team', 'unknownGlobalConditionKey'), "'aws:ResourceTag/team'");
  assert.equal(meant('ec2:ResourceTags/owner', 'unknownServiceConditionKey'), "'ec2:ResourceTag/owner'");
});

test('a farther suggestion already listed is offered neither as a rename nor as a reason to remove the misspelt action', () => {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjects","s3:PutObject"],"Resource":"*"}]}';
  const finding = validatePolicy(text, { type: 'identity', catalog }).findings.find((f) => f.code === 'unknownAction');
  assert.match(finding?.message ?? '', /'PutObject'/, 'PutObject is among the names suggested');
  const titles = (finding?.fixes ?? []).map((f) => f.title);
  assert.ok(titles.includes("Change to 's3:GetObject'"), titles.join('\n'));
  assert.ok(!titles.some((t) => t.includes('PutObject')), titles.join('\n'));
});

test("adding the missing Version keeps the policy's layout, and the JSON valid, however the policy is written", () => {
  const layouts: [string, string][] = [
    ['{}', '{"Version": "2012-10-17"}'],
    ['{ "Statement": [] }', '{ "Version": "2012-10-17", "Statement": [] }'],
    ['{\n    "Statement": []\n}', '{\n    "Version": "2012-10-17",\n    "Statement": []\n}'],
    ['{\r\n\t"Statement": []\r\n}', '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": []\r\n}'],
    ['{\n  // why\n  "Statement": []\n}', '{\n  "Version": "2012-10-17",\n  // why\n  "Statement": []\n}'],
  ];
  for (const [text, fixed] of layouts) {
    const fix = validatePolicy(text, { type: 'identity', catalog }).findings.find((f) => f.code === 'missingVersion')?.fixes?.[0];
    assert.equal(apply(text, fix?.edits ?? []), fixed, JSON.stringify(text));
  }
});
