// Bad input to the template readers: a clear problem or nothing, never an exception or a hang; work bounded in the
// size of the input (aliases cannot multiply a small text, nesting cannot overflow the stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTemplate, validateTemplate } from '../../../server/src/iam/templates/index';
import { realCatalog } from '../helpers/realCatalog';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n';

function checks(text: string): void {
  const document = readTemplate(text);
  if (document) validateTemplate(document, { catalog: realCatalog() });
}

test('YAML aliases that would expand a small text into billions of nodes are cut off', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
  // The anchors first (YAML needs an anchor before its aliases), then a policy that uses the largest.
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n${lines.map((l) => `  ${l}`).join('\n')}\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement: *a11\n`;
  const document = readTemplate(text);
  assert.ok(document);
  assert.ok(document.problems.length > 0, 'a problem says the text was too large to read completely');
});

test('deep nesting, broken tags, binary-looking text and half-typed templates give results, not exceptions', () => {
  checks(`${HEAD}      Policies: ${'['.repeat(5000)}`);
  checks(`${HEAD}      Policies: ${'- '.repeat(3000)}x\n`);
  checks(`${HEAD}      AssumeRolePolicyDocument: !Sub [\n`);
  checks(
    `${HEAD}      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: !GetAtt\n            Action: !Join [1, 2, 3]\n            Resource: !Sub [{}, []]\n`,
  );
  checks(
    `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Fn::Sub": ["\${A}", {"A": {"Fn::Sub": "\${A}"}}]}}}}}`,
  );
  checks(`${HEAD}      RoleName: !Ref R\n      AssumeRolePolicyDocument:\n        Statement:\n          - Resource: !GetAtt R.Arn\n`);
  checks('\u0000\u0001AWSTemplateFormatVersion\u0002: [');
  assert.equal(readTemplate(''), undefined);
  const deepJson = readTemplate(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::S3::Bucket"}}, "x": ${'['.repeat(20000)}`);
  assert.equal(deepJson, undefined, 'JSON nested far deeper than a template is refused before a recursive parse');
});

test('a template whose names refer to each other in a loop resolves them as unknowns', () => {
  const text = `${HEAD}      RoleName: !GetAtt Other.Arn\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !GetAtt R.Arn }\n            Action: sts:AssumeRole\n  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !GetAtt R.Arn\n`;
  const document = readTemplate(text);
  assert.ok(document);
  const result = validateTemplate(document, { catalog: realCatalog() });
  assert.deepEqual(
    result.findings.filter((f) => f.severity === 'error'),
    [],
  );
});
