// AccessDenied messages parsed in AWS's forms, and checked against the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainDenial, parseAccessDenied, type ReportedDenial } from '../../../server/src/iam/activity';
import { realCatalog } from '../helpers/realCatalog';
import { examplesModel } from './activityFixtures';

const catalog = realCatalog();

function parsed(message: string): ReportedDenial {
  const result = parseAccessDenied(message);
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

test('the message forms: implicit and explicit, quoted resource, no resource, the policy ARN, the AWS CLI prefix, wrapped lines', () => {
  assert.deepEqual(
    parsed(
      'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::b/k" because no identity-based policy allows the s3:PutObject action',
    ),
    {
      principal: 'arn:aws:iam::111111111111:user/bob',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/k',
      decision: 'implicitDeny',
      policyKind: 'identity-based policy',
      layers: ['identity'],
    },
  );
  const scp = parsed(
    'An error occurred (AccessDeniedException) when calling the ListUsers operation: User: arn:aws:sts::111111111111:assumed-role/ci-deployer/run-1 is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111111111111:user/ with an explicit deny in a service control policy: arn:aws:organizations::999999999999:policy/o-exampleorg1/service_control_policy/p-example1',
  );
  assert.deepEqual(
    [scp.principal, scp.resource, scp.decision, scp.layers, scp.policyArn],
    [
      'arn:aws:sts::111111111111:assumed-role/ci-deployer/run-1',
      'arn:aws:iam::111111111111:user/',
      'explicitDeny',
      ['scp'],
      'arn:aws:organizations::999999999999:policy/o-exampleorg1/service_control_policy/p-example1',
    ],
  );
  const noResource = parsed(
    'User: arn:aws:iam::222222222222:user/dave is not authorized to perform: ec2:DescribeInstances with an explicit deny in a service control policy',
  );
  assert.deepEqual([noResource.resource, noResource.layers], ['*', ['scp']]);
  const wrapped = parsed(
    'User: arn:aws:iam::1:user/a is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:1:key/k\n  because no resource-based policy allows the kms:Decrypt action',
  );
  assert.deepEqual(wrapped.layers, ['resource', 'keyPolicy', 'trust']);
  for (const [kind, layer] of [
    ['permissions boundary', 'boundary'],
    ['session policy', 'session'],
    ['VPC endpoint policy', 'endpoint'],
    ['resource control policy', 'rcp'],
  ] as const) {
    assert.deepEqual(
      parsed(
        `User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no ${kind} allows the s3:GetObject action`,
      ).layers,
      [layer],
    );
  }
  assert.equal(parsed('User: arn:aws:iam::1:user/a is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k').decision, undefined);
  assert.match((parseAccessDenied('Access Denied') as { problem: string }).problem, /not an AccessDenied message/);
  assert.match(
    (parseAccessDenied('You are not authorized to perform this operation. Encoded authorization failure message: abc') as { problem: string }).problem,
    /decode-authorization-message/,
  );
});

test('reproduced: bob has no identity policy for PutObject; alice deleting without MFA meets the explicit Deny', () => {
  const bob = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::example-app-data/uploads/n.txt" because no identity-based policy allows the s3:PutObject action',
    ),
  });
  assert.equal(bob.reproduced, true);
  assert.equal(bob.verdict, 'The model reproduces the denial AWS reported (no allow in an identity-based policy).');
  const alice = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::example-app-data/uploads/old.pdf with an explicit deny in an identity-based policy',
    ),
    context: { 'aws:SecureTransport': 'true' },
  });
  assert.equal(alice.reproduced, true);
  assert.equal(alice.result.decision, 'explicitDeny');
});

test('a message alone is asked in the region its resource names: a sandbox user behind a region-lock SCP is reproduced', () => {
  // AWS sets aws:RequestedRegion on every request; the queue is in eu-west-1, a region the SCP allows.
  const dave = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::222222222222:user/dave is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:eu-west-1:222222222222:orders because no identity-based policy allows the sqs:SendMessage action',
    ),
  });
  assert.equal(dave.result.context['aws:RequestedRegion'], 'eu-west-1');
  assert.equal(dave.verdict, 'The model reproduces the denial AWS reported (no allow in an identity-based policy).');
  // A resource without a region (an S3 object) says nothing of it.
  const bob = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::example-app-data/n.txt because no identity-based policy allows the s3:PutObject action',
    ),
  });
  assert.equal(bob.result.context['aws:RequestedRegion'], undefined);
});

test('not reproduced: the verdict names the part of the model that is out of date', () => {
  const scp = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-app-data/x with an explicit deny in a service control policy',
    ),
  });
  assert.equal(scp.reproduced, false);
  assert.match(
    scp.verdict,
    /^The model allows what AWS denied \(model: allowed by statement ReadAndWriteObjectsInTheAppBucket .*\)\. Out of date: the service control policies on the path r-ex12 → ou-ex12-production → 111111111111: in AWS one of them denies s3:GetObject\.$/,
  );
  const identity = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::example-app-data/x because no identity-based policy allows the s3:GetObject action',
    ),
  });
  assert.match(identity.verdict, /Out of date: the identity-based policies of user alice \(111111111111\): in AWS none of them allows s3:GetObject/);
  // The model denies, but by another layer than AWS said: not reproduced either.
  const other = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::111111111111:user/bob is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::example-app-data/x because no permissions boundary allows the s3:PutObject action',
    ),
  });
  assert.equal(other.reproduced, false);
  assert.match(
    other.verdict,
    /^The model denies too, but not the same way \(model: no allow in the identity layer; AWS: no allow in a permissions boundary\)\. Out of date: the permissions boundary of user bob \(111111111111\) \(the model has none\)/,
  );
});

test('a model whose answer turns on a key the denial does not show (the Region of an S3 request) asks for it before blaming the model', () => {
  // Dave's SCP denies outside two Regions; an S3 object's ARN names none, and the message does not say where it was sent.
  const { reproduced, verdict } = explainDenial(examplesModel(), catalog, {
    reported: parsed(
      'User: arn:aws:iam::222222222222:user/dave is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::other-bucket/x because no resource-based policy allows the s3:GetObject action',
    ),
  });
  assert.equal(reproduced, false);
  assert.match(
    verdict,
    /Its answer turns on aws:RequestedRegion, which the denial does not show and AWS sets on every request: ask again with --context aws:RequestedRegion=VALUE/,
  );
  assert.doesNotMatch(verdict, /Out of date/);
});
