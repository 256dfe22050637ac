import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realCatalog, realManagedPolicies } from '../helpers/realCatalog';
import { positionAt, startHarness } from './harness';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOwnPrefix",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111111111111:role/reader" },
      "Action": ["s3:GetObject", "s3:List*"],
      "Resource": "arn:aws:s3:::reports/\${aws:username}/*",
      "Condition": {
        "Bool": { "aws:SecureTransport": "true" },
        "ForAnyValue:StringLike": { "aws:TagKeys": ["team*"] },
        "IpAddress": { "aws:SourceIp": "203.0.113.0/24" }
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "iam:*",
      "NotResource": "arn:aws:iam::111111111111:role/admin",
      "Principal": { "AWS": "arn:aws:iam::111111111111:root", "Service": "lambda.amazonaws.com" }
    }
  ]
}
`;

test('typing a whole policy from nothing, character by character: diagnostics, completion and hover never fail', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  const uri = 'file:///work/typed.json';
  try {
    await h.open(uri, '', 'iam-policy');
    let completions = 0;
    for (let i = 1; i <= POLICY.length; i++) {
      const text = POLICY.slice(0, i);
      await h.change(uri, text);
      const position = positionAt(text, i);
      const [diagnostics, items, hover] = await Promise.all([h.diagnostics(uri), h.completion(uri, position), h.hover(uri, position)]);
      assert.ok(Array.isArray(diagnostics), `diagnostics at ${i}`);
      assert.ok(Array.isArray(items), `completion at ${i}`);
      assert.ok(hover === null || typeof hover === 'object', `hover at ${i}`);
      if (items.length > 0) completions++;
    }
    // The finished policy is clean enough to have no errors, and completion was useful along the way.
    const final = await h.diagnostics(uri);
    assert.deepEqual(final.filter((d) => d.severity === 1).map((d) => d.message), []);
    assert.ok(completions > POLICY.length / 4, `completion offered something at ${completions} of ${POLICY.length} keystrokes`);
    assert.deepEqual(h.logs.filter((l) => /failed/.test(l)), [], 'no handler failed');
  } finally {
    await h.close();
  }
});

const MODEL = `{
  "accounts": {
    "111111111111": {
      "policies": { "S3Read": "./policies/s3-read.json" },
      "users": {
        "alice": {
          "policies": ["S3Read", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
          "inlinePolicies": { "extra": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*" }] } }
        }
      },
      "roles": {
        "deployer": { "trustPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] } }
      }
    }
  }
}
`;

test('typing an account model character by character: embedded policies and model diagnostics never fail', async () => {
  const h = await startHarness({
    catalog: realCatalog(),
    managedPolicies: realManagedPolicies(),
    files: { '/work/policies/s3-read.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
  });
  const uri = 'file:///work/typed.iam-model.json';
  try {
    await h.open(uri, '');
    for (let i = 1; i <= MODEL.length; i++) {
      const text = MODEL.slice(0, i);
      await h.change(uri, text);
      const position = positionAt(text, i);
      const [diagnostics, items, hover] = await Promise.all([h.diagnostics(uri), h.completion(uri, position), h.hover(uri, position)]);
      assert.ok(Array.isArray(diagnostics) && Array.isArray(items) && (hover === null || typeof hover === 'object'), `keystroke ${i}`);
    }
    const final = await h.diagnostics(uri);
    assert.deepEqual(final.filter((d) => d.severity === 1).map((d) => d.message), []);
    assert.deepEqual(h.logs.filter((l) => /failed/.test(l)), [], 'no handler failed');
  } finally {
    await h.close();
  }
});
