// The commonest denial, no statement naming the action at all, is fixed by a statement of its own that allows exactly
// the request, written into the principal's policy as that policy is laid out; and a denial two layers each refuse,
// by a change to each, judged together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type ParseError } from 'jsonc-parser';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { ContextValue } from '../../../server/src/iam/evaluator/types';
import type { Fix } from '../../../server/src/iam/explain/explanation';
import { formatExplanationText } from '../../../server/src/iam/explain/formatText';
import { applyEdits } from '../../../server/src/iam/model/applyEdits';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { simulateRequest } from '../../../server/src/iam/simulate';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';

const APP = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}`;

const BOUNDARY = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } ] }`;

const MODEL = `{
  "accounts": { "111111111111": {
    "policies": { "App": "./app.json", "Limits": "./boundary.json" },
    "groups": { "devs": { "policies": ["App"] } },
    "roles": {
      "app": { "policies": ["App"] },
      "fresh": {
        "trustPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] }
      }
    },
    "users": {
      "bob": { "policies": ["App"], "inlinePolicies": { "own": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" }] } } },
      "carol": { "groups": ["devs"] },
      "dan": { "policies": ["App"], "permissionsBoundary": "Limits" },
      "newbie": {},
      "frank": { "inlinePolicies": {} },
      "erin": { "inlinePolicies": { "own": { "Version": "2012-10-17", "Statement": [
        { "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": { "StringLike": { "s3:prefix": "erin/*" } } },
        { "Effect": "Allow", "Action": "s3:GetBucketLocation", "Resource": "arn:aws:s3:::reports" },
        { "Effect": "Allow", "Action": "kms:*", "Resource": "*" }
      ] } } }
    }
  } }
}`;

const FILES: Record<string, string> = { '/w/m.iam-model.json': MODEL, '/w/app.json': APP, '/w/boundary.json': BOUNDARY };

function simulate(principal: string, action: string, resource: string, files = FILES, context: Record<string, ContextValue> = {}) {
  const host = memoryHost(files);
  const { model } = loadModel('/w/m.iam-model.json', host);
  const request = { principal: `arn:aws:iam::111111111111:${principal}`, action, resource, context };
  const simulation = simulateRequest({ model, modelPath: '/w/m.iam-model.json', host, request, options: { catalog: realCatalog() } });
  /** The files once the fix's edits are made, and the decision of the model loaded from them again. */
  const applied = (fix: Fix) => {
    const edited = { ...files };
    for (const file of new Set(fix.edits.map((e) => e.file)))
      edited[file] = applyEdits(
        files[file] ?? '',
        fix.edits.filter((e) => e.file === file),
      );
    const decision = evaluate(loadModel('/w/m.iam-model.json', memoryHost(edited)).model, { ...request, context: { ...context, ...fix.context } }).decision;
    return { edited, decision };
  };
  return { ...simulation, applied };
}

function strictJsonErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors;
}

test('an action no statement names: a statement for exactly the request is added to the policy, laid out as it is, and allows it', () => {
  const { result, explanation, applied } = simulate('role/app', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders');
  assert.equal(result.decision, 'implicitDeny');
  // First what reaches the role alone, an inline policy of its own; then its managed policy, which others may have.
  assert.match(explanation.fixes?.[0]?.title ?? '', /^Give role app an inline policy AllowDynamodbGetItem /);
  const fix = explanation.fixes?.[1];
  assert.equal(
    fix?.title,
    'Add a statement to App (attached to role app) that allows dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:111111111111:table/orders' +
      ' (a managed policy: every principal it is attached to would be allowed it too) → allowed',
  );
  const { edited, decision } = applied(fix);
  assert.equal(decision, 'allowed');
  const app = edited['/w/app.json'] ?? '';
  assert.deepEqual(strictJsonErrors(app), []);
  // One property a line, at the indentation of the statement before it.
  assert.ok(
    app.includes(`    },
    {
      "Sid": "AllowDynamodbGetItem",
      "Effect": "Allow",
      "Action": "dynamodb:GetItem",
      "Resource": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
    }
  ]`),
    app,
  );
  // The command line shows the statement on one line.
  const text = formatExplanationText(explanation, () => undefined);
  assert.match(text, /insert , \{ "Sid": "AllowDynamodbGetItem", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:[^"]*" \}\n/);
});

test('the principal’s own inline policy takes the statement before a managed one, laid out on one line as it is written', () => {
  const { explanation, applied } = simulate('user/bob', 's3:PutObject', 'arn:aws:s3:::reports/q1.csv');
  const fixes = explanation.fixes ?? [];
  const added = fixes.find((f) => f.title.startsWith('Add a statement'));
  assert.equal(added?.title, 'Add a statement to inline policy own (attached to user bob) that allows s3:PutObject on arn:aws:s3:::reports/q1.csv → allowed');
  const { edited, decision } = applied(added);
  assert.equal(decision, 'allowed');
  const model = edited['/w/m.iam-model.json'] ?? '';
  assert.deepEqual(strictJsonErrors(model), []);
  assert.ok(
    model.includes(
      `"Resource": "*" }, { "Sid": "AllowS3PutObject", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::reports/q1.csv" }] }`,
    ),
    model,
  );
  // Adding the action to ReadReports, whose Resource covers the object, stays the first fix: it is the statement for it.
  assert.match(fixes[0]?.title ?? '', /^Add s3:PutObject to the Action of statement ReadReports of App/);
});

test('a group’s policy says its members get it too; a boundary that allows nothing is a guardrail', () => {
  const group = simulate('user/carol', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders');
  assert.deepEqual(
    (group.explanation.fixes ?? []).map((f) => f.title.replace(/ that allows .*? on \S+/, '')),
    [
      'Give user carol an inline policy AllowDynamodbGetItem → allowed',
      'Add a statement to App (attached to group devs) (every member of group devs would be allowed it too) → allowed',
    ],
  );
  const bounded = simulate('user/dan', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders', {
    ...FILES,
    '/w/app.json': APP.replace('"s3:GetObject"', '"dynamodb:GetItem"').replace('"arn:aws:s3:::reports/*"', '"*"'),
  });
  assert.equal(bounded.result.decision, 'implicitDeny');
  assert.equal(bounded.result.failedLayer, 'boundary');
  const fix = bounded.explanation.fixes?.find((f) => f.title.startsWith('Add a statement'));
  assert.match(
    fix?.title ?? '',
    /^Add a statement to Limits \(the permissions boundary of user dan\) that allows dynamodb:GetItem on .* \(this widens a permissions boundary, a guardrail/,
  );
  assert.equal(fix && bounded.applied(fix).decision, 'allowed');
});

test('the added statement’s Sid is one the policy does not have yet', () => {
  const taken = APP.replace('"ReadReports"', '"AllowDynamodbGetItem"');
  const { explanation } = simulate('role/app', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders', { ...FILES, '/w/app.json': taken });
  const added = explanation.fixes?.find((f) => f.title.startsWith('Add a statement'));
  assert.match(added?.edits[0]?.newText ?? '', /"Sid": "AllowDynamodbGetItem2"/);
});

test('a CRLF policy gets CRLF lines in the statement added', () => {
  const crlf = APP.replace(/\n/g, '\r\n');
  const { explanation, applied } = simulate('role/app', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders', {
    ...FILES,
    '/w/app.json': crlf,
  });
  const fix = explanation.fixes?.find((f) => f.title.startsWith('Add a statement to App'));
  assert.ok(fix);
  const app = applied(fix).edited['/w/app.json'] ?? '';
  assert.notEqual(app, crlf);
  assert.equal(app.replace(/\r\n/g, '').includes('\n'), false, 'no bare line feed');
  assert.deepEqual(strictJsonErrors(app), []);
});

test('nor a bucket policy of the same account that lets the caller in through one VPC endpoint only, which would allow alone', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { bob: {} },
        resources: {
          'arn:aws:s3:::reports': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ViaEndpoint',
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::reports/*',
                  Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  const { explanation } = simulate('user/bob', 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { '/w/m.iam-model.json': model });
  assert.deepEqual(
    (explanation.fixes ?? []).map((f) => f.title),
    ['Set aws:SourceVpce to vpce-1234 in the request context → allowed'],
  );
});

test('no fix goes around a condition: where a statement grants the action on the resource only under one', () => {
  // Erin may list her own prefix; asked without one, the fix is the condition's value, not a statement without it,
  // nor the action added to her statement on the bucket or to one on every resource.
  const { result, explanation } = simulate('user/erin', 's3:ListBucket', 'arn:aws:s3:::reports');
  assert.equal(result.decision, 'implicitDeny');
  const titles = (explanation.fixes ?? []).map((f) => f.title);
  assert.ok(titles.length > 0, 'a fix is offered');
  assert.ok(!titles.some((t) => t.startsWith('Add a statement') || t.startsWith('Add s3:ListBucket to the Action')), titles.join('\n'));
});

test('a principal with no policy to add a statement to is given an inline policy of its own in the model', () => {
  const { result, explanation, applied } = simulate('role/fresh', 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders');
  assert.equal(result.decision, 'implicitDeny');
  const fix = explanation.fixes?.[0];
  assert.equal(
    fix?.title,
    'Give role fresh an inline policy AllowDynamodbGetItem that allows dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:111111111111:table/orders → allowed',
  );
  const { edited, decision } = applied(fix);
  assert.equal(decision, 'allowed');
  const model = edited['/w/m.iam-model.json'] ?? '';
  assert.deepEqual(strictJsonErrors(model), []);
  // On a line of its own after the role's trust policy, at its indentation.
  assert.match(model, /\] \},\n {8}"inlinePolicies": \{ "AllowDynamodbGetItem": \{ "Version": "2012-10-17", "Statement": \[\{ "Sid": "AllowDynamodbGetItem", /);
  // A session of the role is given it as the role: every session of the role gets it.
  const host = memoryHost(FILES);
  const session = simulateRequest({
    model: loadModel('/w/m.iam-model.json', host).model,
    modelPath: '/w/m.iam-model.json',
    host,
    request: {
      principal: 'arn:aws:sts::111111111111:assumed-role/fresh/build-7',
      action: 'dynamodb:GetItem',
      resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders',
    },
    options: { catalog: realCatalog() },
  });
  assert.match(session.explanation.fixes?.[0]?.title ?? '', /^Give role fresh an inline policy AllowDynamodbGetItem .*→ allowed$/);
  // An empty declaration, and an empty inlinePolicies, take it in place.
  for (const [who, expected] of [
    ['user/newbie', /"newbie": \{ "inlinePolicies": \{ "AllowS3GetObject": \{ "Version": "2012-10-17", "Statement": \[\{[^\]]*\}\] \} \} \}/],
    ['user/frank', /"frank": \{ "inlinePolicies": \{ "AllowS3GetObject": \{ "Version": "2012-10-17", "Statement": \[\{[^\]]*\}\] \} \} \}/],
  ] as const) {
    const asked = simulate(who, 's3:GetObject', 'arn:aws:s3:::other/k');
    const given = asked.explanation.fixes?.[0];
    assert.ok(given, who);
    assert.match(given.title, /^Give user \w+ an inline policy AllowS3GetObject /, who);
    const after = asked.applied(given);
    assert.equal(after.decision, 'allowed', who);
    assert.match(after.edited['/w/m.iam-model.json'] ?? '', expected, who);
  }
});

test('one loaded model gives an inline policy to the first sixteen denials only: each is judged by loading the model again', () => {
  // A test run over a model with many failing tests stays bounded: the edited model is loaded again for each.
  const users = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`new${i}`, {}]));
  const host = memoryHost({ '/w/m.iam-model.json': JSON.stringify({ accounts: { '111111111111': { users } } }) });
  const { model } = loadModel('/w/m.iam-model.json', host);
  const given = Array.from({ length: 20 }, (_, i) => {
    const request = { principal: `arn:aws:iam::111111111111:user/new${i}`, action: 's3:GetObject', resource: 'arn:aws:s3:::other/k', context: {} };
    const fixes = simulateRequest({ model, modelPath: '/w/m.iam-model.json', host, request, options: { catalog: realCatalog() } }).explanation.fixes ?? [];
    return fixes.some((f) => f.title.startsWith(`Give user new${i} an inline policy`));
  });
  assert.deepEqual(given, [...Array<boolean>(16).fill(true), ...Array<boolean>(4).fill(false)]);
});

test('a model of more than a megabyte is not used for an inline policy: the work a denial costs stays bounded', () => {
  const users = Object.fromEntries(
    Array.from({ length: 12_000 }, (_, i) => [`user${i}`, { tags: { team: `team-${i}`, owner: `someone-of-team-${i}@example.com` } }]),
  );
  const large = JSON.stringify({ accounts: { '111111111111': { users: { ...users, newbie: {} } } } }, null, 1);
  assert.ok(large.length > 1024 * 1024, 'over the budget');
  const { result, explanation } = simulate('user/newbie', 's3:GetObject', 'arn:aws:s3:::other/k', { '/w/m.iam-model.json': large });
  assert.equal(result.decision, 'implicitDeny');
  assert.deepEqual(explanation.fixes, []);
});

const PAIRED_MODEL = `{
  "accounts": {
    "111111111111": {
      "users": { "bob": {} },
      "roles": {
        "deploy": { "trustPolicy": { "Version": "2012-10-17", "Statement": [
          { "Sid": "AccountWithMfa", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111111111111:root" }, "Action": "sts:AssumeRole",
            "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } } ] } },
        "app": { "inlinePolicies": { "data": { "Version": "2012-10-17", "Statement": [
          { "Sid": "ReadLake", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/*" } ] } } }
      }
    },
    "222222222222": {
      "resources": { "arn:aws:s3:::vault": { "tags": { "data": "archive" } }, "arn:aws:s3:::lake": { "policy": { "Version": "2012-10-17", "Statement": [
        { "Sid": "AppReads", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111111111111:role/app" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/*" } ] } } }
    }
  }
}`;

test('a denial two layers each refuse is fixed by a change to each, judged together: a trust policy and the caller, a bucket across accounts', () => {
  const files = { '/w/m.iam-model.json': PAIRED_MODEL };
  // The trust policy lets the account in with MFA, and bob may not call sts:AssumeRole: neither change alone allows.
  const assume = simulate('user/bob', 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/deploy', files);
  assert.equal(assume.result.decision, 'implicitDeny');
  const both = assume.explanation.fixes?.[0];
  assert.equal(
    both?.title,
    'Set aws:MultiFactorAuthPresent to true in the request context, and give user bob an inline policy AllowStsAssumeRole that allows sts:AssumeRole on arn:aws:iam::111111111111:role/deploy → allowed',
  );
  assert.deepEqual(both.context, { 'aws:MultiFactorAuthPresent': 'true' });
  assert.equal(assume.applied(both).decision, 'allowed');
  assert.match(
    formatExplanationText(assume.explanation, () => undefined),
    /\nHow to fix \(no single change does; both changes of the fix below together do\):\n/,
  );
  // Across accounts the bucket policy and the role's own policy must both allow the write.
  const write = simulate('role/app', 's3:PutObject', 'arn:aws:s3:::lake/q1.csv', files);
  assert.equal(write.result.decision, 'implicitDeny');
  const pair = write.explanation.fixes?.[0];
  assert.match(
    pair?.title ?? '',
    /^Add s3:PutObject to the Action of statement AppReads of policy of arn:aws:s3:::lake, and add s3:PutObject to the Action of statement ReadLake of inline policy data .*→ allowed$/,
  );
  assert.equal(pair?.edits.length, 2);
  assert.equal(pair && write.applied(pair).decision, 'allowed');
});

test('a bucket of another account with no policy in the model: the Why says so, and the fix gives it one for the caller', () => {
  const files = {
    '/w/m.iam-model.json': PAIRED_MODEL.replace(
      '"Sid": "ReadLake", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/*"',
      '"Sid": "ReadLake", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*/*"',
    ),
  };
  assert.notEqual(files['/w/m.iam-model.json'], PAIRED_MODEL);
  const read = simulate('role/app', 's3:GetObject', 'arn:aws:s3:::vault/q1.csv', files);
  assert.equal(read.result.decision, 'implicitDeny');
  assert.equal(read.explanation.reason, 'arn:aws:s3:::vault has no resource-based policy in the model, and across accounts one must allow s3:GetObject too');
  const fix = read.explanation.fixes?.[0];
  assert.equal(
    fix?.title,
    'Give arn:aws:s3:::vault a resource policy that allows arn:aws:iam::111111111111:role/app s3:GetObject on arn:aws:s3:::vault/q1.csv → allowed',
  );
  const { edited, decision } = read.applied(fix);
  assert.equal(decision, 'allowed');
  assert.deepEqual(strictJsonErrors(edited['/w/m.iam-model.json'] ?? ''), []);
  // Where the role may not read it either, both changes together.
  const both = simulate('role/app', 's3:GetObject', 'arn:aws:s3:::vault/q1.csv', { '/w/m.iam-model.json': PAIRED_MODEL });
  const pair = both.explanation.fixes?.[0];
  assert.match(
    pair?.title ?? '',
    /^Give arn:aws:s3:::vault a resource policy that allows .*, and add arn:aws:s3:::vault\/q1\.csv to the Resource of statement ReadLake of inline policy data .*→ allowed$/,
  );
  assert.equal(pair && both.applied(pair).decision, 'allowed');
});

test('two changes are offered together only where neither allows alone, with values a request can carry', () => {
  // Four statements of bob's that need a VPC endpoint use up the single changes' trials: naming bob in the bucket
  // policy, which allows alone in his own account, is still said alone.
  const conditioned = Array.from({ length: 4 }, (_, i) => ({
    Sid: `Other${i}`,
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::other${i}/*`,
    Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
  }));
  const lake = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Alice', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' },
    ],
  };
  const model = {
    accounts: {
      '111111111111': {
        users: { alice: {}, bob: { inlinePolicies: { p: { Version: '2012-10-17', Statement: conditioned } } } },
        resources: { 'arn:aws:s3:::lake': { policy: lake } },
      },
    },
  };
  const single = simulate('user/bob', 's3:GetObject', 'arn:aws:s3:::lake/x', { '/w/m.iam-model.json': JSON.stringify(model, null, 2) });
  const fixes = single.explanation.fixes ?? [];
  assert.ok(fixes.length > 0 && fixes.every((f) => f.paired !== true), JSON.stringify(fixes.map((f) => f.title)));
  assert.doesNotMatch(
    formatExplanationText(single.explanation, () => undefined),
    /no single change does/,
  );
  // A trust policy that wants a private source address: no request from outside AWS carries one, so no pair sets it.
  const office = PAIRED_MODEL.replace('"Bool": { "aws:MultiFactorAuthPresent": "true" }', '"IpAddress": { "aws:SourceIp": "10.0.0.0/8" }');
  assert.notEqual(office, PAIRED_MODEL);
  const privateAddress = simulate('user/bob', 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/deploy', { '/w/m.iam-model.json': office });
  assert.ok(!(privateAddress.explanation.fixes ?? []).some((f) => JSON.stringify(f.context).includes('10.')), JSON.stringify(privateAddress.explanation.fixes));
});

test('a resource of a service without resource policies (an EC2 instance of another account) is given none, nor asked for one', () => {
  const model = PAIRED_MODEL.replace(
    '"arn:aws:s3:::vault": { "tags": { "data": "archive" } },',
    '"arn:aws:ec2:eu-west-1:222222222222:instance/i-0123456789abcdef0": { "tags": { "env": "prod" } },',
  );
  assert.notEqual(model, PAIRED_MODEL);
  const start = simulate('role/app', 'ec2:StartInstances', 'arn:aws:ec2:eu-west-1:222222222222:instance/i-0123456789abcdef0', { '/w/m.iam-model.json': model });
  assert.equal(start.result.decision, 'implicitDeny');
  assert.doesNotMatch(start.explanation.reason, /across accounts one must allow/);
  assert.ok(!(start.explanation.fixes ?? []).some((f) => f.title.includes('resource policy')), JSON.stringify(start.explanation.fixes?.map((f) => f.title)));
});
