// CloudFormation and SAM templates: every policy found with its type, intrinsics resolved or kept as unknowns (never
// syntax errors), findings mapped to the template's own text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplate, validateTemplate } from '../../../server/src/iam/templates/index';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { realCatalog } from '../helpers/realCatalog';

const fixtures = join(__dirname, '../../../../../test/fixtures/templates');

function check(name: string) {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const document = readTemplate(text);
  assert.ok(document, `${name} is read as a template`);
  const result = validateTemplate(document, { catalog: realCatalog() });
  const at = (offset: number, length: number) => text.slice(offset, offset + length);
  return { text, document, result, at };
}

test('a SAM template in YAML: policies, types and paths', () => {
  const { result } = check('sam-app.yaml');
  assert.deepEqual(
    result.policies.map((p) => [p.policy.type, p.policy.path]),
    [
      ['trust', 'Resources.AppRole.Properties.AssumeRolePolicyDocument'],
      ['identity', 'Resources.AppRole.Properties.Policies[0].PolicyDocument'],
      ['identity', 'Resources.Fn.Properties.Policies[0].S3ReadPolicy'],
      ['identity', 'Resources.Fn.Properties.Policies[1].DynamoDBCrudPolicy'],
      ['identity', 'Resources.Fn.Properties.Policies[3]'],
    ],
  );
});

test('intrinsics resolve from parameter defaults, pseudo parameters and logical resources', () => {
  const { result } = check('sam-app.yaml');
  const inline = result.policies[1]?.text?.text ?? '';
  assert.match(inline, /"arn:aws:s3:::app-data-prod"/, 'GetAtt of a bucket named with !Sub of a parameter default');
  assert.match(inline, /"arn:aws:s3:::app-data-prod\/\*"/, '${DataBucket.Arn} inside !Sub');
  const sam = result.policies[2]?.text?.text ?? '';
  assert.match(sam, /arn:aws:s3:::app-data-prod\/\*/, 'a SAM policy template over !Ref of a bucket');
  const crud = result.policies[3]?.text?.text ?? '';
  assert.match(crud, /arn:aws:dynamodb:us-east-1:123456789012:table\/orders/);
});

test('findings point into the template, exactly inside plain scalars, and fixes edit the template', () => {
  const { result, at, text } = check('sam-app.yaml');
  const unknown = result.findings.filter((f) => f.code === 'unknownAction');
  assert.deepEqual(
    unknown.map((f) => at(f.span.offset, f.span.length)),
    ['GetObjects', 'SendMesage'],
  );
  const fix = unknown[0]?.fixes?.[0]?.edits[0];
  assert.ok(fix);
  const fixed = text.slice(0, fix.span.offset) + fix.newText + text.slice(fix.span.offset + fix.span.length);
  assert.match(fixed, /- s3:GetObject\n/);
  assert.equal(unknown[0]?.policy?.label, 'inline policy ReadData of AWS::IAM::Role AppRole');
});

test('no finding comes from an intrinsic the template cannot resolve', () => {
  const { result, at } = check('sam-app.yaml');
  const codes = result.findings.map((f) => `${f.code} ${at(f.span.offset, f.span.length).slice(0, 30)}`);
  assert.deepEqual(
    codes.filter((c) => !c.startsWith('unknownAction')).map((c) => c.split(' ')[0]),
    ['missingVersion', 'samPolicyTemplateUnknown'],
    codes.join('\n'),
  );
});

test('a JSON template: SQS, Organizations SCP and KMS policies, Fn::GetAtt and Ref of resources', () => {
  const { result, at } = check('role.template.json');
  assert.deepEqual(
    result.policies.map((p) => p.policy.type),
    ['resource', 'scp', 'resource'],
  );
  assert.match(result.policies[0]?.text?.text ?? '', /"Resource":"arn:aws:sqs:us-east-1:123456789012:jobs-dev"/);
  const effect = result.findings.find((f) => f.code === 'invalidEffect');
  assert.ok(effect, result.findings.map((f) => f.code).join());
  assert.equal(at(effect.span.offset, effect.span.length), '"Alow"');
  assert.equal(result.findings.filter((f) => f.severity === 'error').length, 1, result.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
});

test('content decides: plain YAML and JSON are not templates', () => {
  assert.equal(readTemplate('name: build\non: push\njobs: {}\n'), undefined);
  assert.equal(readTemplate('{ "Version": "2012-10-17", "Statement": [] }'), undefined);
  // Resources alone are not enough: at least one must be an AWS:: type (or the file names its format version).
  assert.equal(readTemplate('Resources:\n  X:\n    Type: Custom::Thing\n'), undefined);
  assert.ok(readTemplate('Resources:\n  B:\n    Type: AWS::S3::Bucket\n'));
});

test('broken YAML gives a problem with a position, never an exception', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {\n';
  const document = readTemplate(text);
  assert.ok(document);
  const result = validateTemplate(document, { catalog: realCatalog() });
  assert.ok(result.findings.some((f) => f.code === 'templateSyntax'));
});

test('a Terraform plan: every planned policy, child modules included, findings on the string that holds it', () => {
  const { result, at } = check('plan.json');
  assert.deepEqual(
    result.policies.map((p) => [p.policy.type, p.policy.path]),
    [
      ['trust', 'aws_iam_role.app.assume_role_policy'],
      ['identity', 'aws_iam_role.app.inline_policy[0]'],
      ['resource', 'module.queue.aws_sqs_queue_policy.jobs.policy'],
    ],
  );
  const unknown = result.findings.find((f) => f.code === 'unknownAction');
  assert.ok(unknown);
  assert.match(at(unknown.span.offset, unknown.span.length), /^"\{\\"Version.*GetObjects/);
});

test('a template cdk synth wrote: findings name the construct, GetAtt of a table without a name stays unknown', () => {
  const { result, at } = check('cdk.out/AppStack.template.json');
  const unknown = result.findings.find((f) => f.code === 'unknownAction');
  assert.ok(unknown, result.findings.map((f) => f.code).join());
  assert.equal(at(unknown.span.offset, unknown.span.length), 'Querry');
  assert.equal(unknown.policy?.construct, 'AppStack/Handler/ServiceRole/DefaultPolicy/Resource');
  assert.deepEqual(
    result.findings.filter((f) => f.code !== 'unknownAction').map((f) => f.code),
    [],
  );
});

/** A JSON template with the policies as given, one managed policy (or Organizations policy) each. */
function jsonTemplate(policies: readonly { type?: string; document: unknown }[]): string {
  const resources = Object.fromEntries(
    policies.map(({ type, document }, i) =>
      type === 'scp'
        ? [`Policy${i}`, { Type: 'AWS::Organizations::Policy', Properties: { Name: `p${i}`, Type: 'SERVICE_CONTROL_POLICY', Content: document } }]
        : [`Policy${i}`, { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: document } }],
    ),
  );
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 4);
}

function applyFix(text: string, edits: readonly { span: { offset: number; length: number }; newText: string }[]): string {
  return [...edits]
    .sort((a, b) => b.span.offset - a.span.offset)
    .reduce((out, e) => out.slice(0, e.span.offset) + e.newText + out.slice(e.span.offset + e.span.length), text);
}

test('a literal policy in a JSON template has the findings and fixes it has as a policy file, in place, in the template layout', () => {
  const document = {
    Statement: [
      { Effect: 'Allow', Action: ['S3:GetObject', 's3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::reports/*' },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::reports', Condition: { StringLike: { 's3:prefix': ['home/'] } } },
    ],
  };
  const text = jsonTemplate([{ document }]);
  const read = readTemplate(text);
  assert.ok(read);
  const result = validateTemplate(read, { catalog: realCatalog() });
  const policy = result.policies[0];
  assert.ok(policy);
  const offset = policy.policy.node.span.offset;
  const literal = text.slice(offset, offset + policy.policy.node.span.length);
  const asFile = validatePolicy(literal, { type: 'identity', catalog: realCatalog() }).findings;
  const shifted = (span: { offset: number; length: number }) => ({ offset: span.offset + offset, length: span.length });
  assert.ok(asFile.length >= 3, asFile.map((f) => f.code).join(' '));
  assert.deepEqual(
    result.findings.map((f) => [f.code, f.message, f.span, (f.fixes ?? []).map((fix) => fix.edits)]),
    asFile.map((f) => [f.code, f.message, shifted(f.span), (f.fixes ?? []).map((fix) => fix.edits.map((e) => ({ ...e, span: shifted(e.span) })))]),
  );
  // Adding the Version lines it up with the policy's other elements, four levels into the template.
  const missing = result.findings.find((f) => f.code === 'missingVersion');
  assert.equal(text.slice(missing?.span.offset, (missing?.span.offset ?? 0) + (missing?.span.length ?? 0)), '{');
  const fixed = applyFix(text, missing?.fixes?.[0]?.edits ?? []);
  assert.match(fixed, /\{\n {20}"Version": "2012-10-17",\n {20}"Statement": \[/);
  // Removing a duplicate action from the list applies to the template too (it could not be carried over before).
  const duplicate = result.findings.find((f) => f.code === 'redundantAction' && (f.fixes?.length ?? 0) > 0);
  assert.ok(duplicate, result.findings.map((f) => f.code).join(' '));
  const withoutDuplicate = JSON.parse(applyFix(text, duplicate.fixes?.[0]?.edits ?? [])) as {
    Resources: { Policy0: { Properties: { PolicyDocument: typeof document } } };
  };
  assert.equal(withoutDuplicate.Resources.Policy0.Properties.PolicyDocument.Statement[0]?.Action.length, 2);
});

test('a JSON template policy with a comment, or an Organizations policy, is validated as the text written from its values', () => {
  const commented = jsonTemplate([{ document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }]).replace(
    '"Effect": "Allow",',
    '"Effect": "Allow", // reads',
  );
  const read = readTemplate(commented);
  assert.ok(read);
  const codes = validateTemplate(read, { catalog: realCatalog() }).findings.map((f) => f.code);
  assert.ok(!codes.includes('jsonComment'), codes.join(' '));
  // 5,120 characters allowed, counted as Organizations receives the text: CloudFormation sends the object as compact
  // JSON, so the template's indentation does not count against it.
  const statements = Array.from({ length: 40 }, (_, i) => ({
    Sid: `Deny${i}`,
    Effect: 'Deny',
    Action: `ec2:RunInstances`,
    Resource: `arn:aws:ec2:*:*:instance/i-${i}`,
  }));
  const scp = jsonTemplate([{ type: 'scp', document: { Version: '2012-10-17', Statement: statements } }]);
  const scpRead = readTemplate(scp);
  assert.ok(scpRead);
  const checked = validateTemplate(scpRead, { catalog: realCatalog() });
  assert.equal(checked.policies[0]?.policy.type, 'scp');
  const node = checked.policies[0]?.policy.node.span;
  assert.ok(node && node.length > 5120 && JSON.stringify({ Version: '2012-10-17', Statement: statements }).length < 5120);
  assert.deepEqual(
    checked.findings.filter((f) => f.code === 'policySize'),
    [],
  );
});
