// `check` given account models and test files: each is validated as what it is, and the policy files a model names
// are checked as the type the model gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempWorkspace } from './cliRun';

const MODEL = `{
  // an organization with an SCP kept in its own file
  "organization": { "id": "o-a1b2c3d4e5", "managementAccount": "999999999999",
    "policies": { "DenyRegions": "./policies/deny-regions.json" },
    "root": { "id": "r-root", "scps": ["FullAWSAccess", "DenyRegions"], "accounts": ["111111111111", "999999999999"] } },
  "accounts": {
    "111111111111": {
      "users": { "alice": { "inlinePolicies": { "read": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }] } } } },
    },
    "999999999999": {}
  }
}
`;
// An SCP that allows everything besides its deny: as an identity policy, '*' on '*' earns warnings SCPs do not.
const SCP = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "DenyOutsideEu", "Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1"] } } },
    { "Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*" }
  ]
}
`;
const TESTS = `{
  "model": "./org.iam-model.json",
  "tests": [
    { "name": "bob reads", "principal": "bob", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed" }
  ]
}
`;

test('check on a model validates it as a model and its inline policies as theirs, not the model as a policy', () => {
  const dir = tempWorkspace({ 'org.iam-model.json': MODEL, 'policies/deny-regions.json': SCP });
  const run = runCli(['check', 'org.iam-model.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  // The inline policy's typo, at its place in the model; no "comments are not allowed", no "no Statement".
  assert.match(run.stdout, /^org\.iam-model\.json:8:\d+ warning unknownAction .*'GetObjekt'/m);
  assert.doesNotMatch(run.stdout, /jsonComment|missingStatement|unknownElement/);
  const json = JSON.parse(runCli(['check', '-f', 'json', 'org.iam-model.json'], dir).stdout) as { type: string }[];
  assert.equal(json[0]?.type, 'model');
  // A model with an unknown key is an error of the model, at the key.
  const broken = tempWorkspace({ 'org.iam-model.json': MODEL.replace('"accounts": {', '"acounts": {'), 'policies/deny-regions.json': SCP });
  const failed = runCli(['check', 'org.iam-model.json'], broken);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /^org\.iam-model\.json:6:3 error \S+ .*acounts/m);
});

test('check says where a trust or resource policy names a user or role its account does not have in the model, with the one meant', () => {
  const trust = (principal: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  const model = JSON.stringify(
    {
      accounts: {
        '111111111111': {
          roles: {
            DevOps: { path: '/ci/', trustPolicy: trust('arn:aws:iam::111111111111:root') },
            Reader: { trustPolicy: trust('arn:aws:iam::111111111111:role/DevOp') },
            // The right name without its path: no ARN the model has.
            Writer: { trustPolicy: trust('arn:aws:iam::111111111111:role/DevOps') },
            // Nothing the model could know: an account it leaves out, or lists no principal of; a role AWS creates;
            // another partition.
            Partner: { trustPolicy: trust('arn:aws:iam::222222222222:role/Anything') },
            Management: { trustPolicy: trust('arn:aws:iam::999999999999:role/OrgAdmin') },
            Linked: { trustPolicy: trust('arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS') },
            China: { trustPolicy: trust('arn:aws-cn:iam::111111111111:role/DevOp') },
          },
          resources: {
            'arn:aws:s3:::data': {
              policy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: ['arn:aws:iam::111111111111:role/ci/DevOps', 'arn:aws:iam::111111111111:user/alise'] },
                    Action: 's3:GetObject',
                    Resource: 'arn:aws:s3:::data/*',
                  },
                ],
              },
            },
          },
          users: { alice: {} },
        },
        '999999999999': { name: 'management' },
      },
    },
    null,
    2,
  );
  const dir = tempWorkspace({ 'm.iam-model.json': model });
  const run = runCli(['check', 'm.iam-model.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const found = run.stdout.split('\n').filter((line) => line.includes('unknownPolicyPrincipal'));
  // At the name itself: its line, and the column of its opening quote.
  const at = (text: string) => {
    const lines = model.split('\n');
    const index = lines.findIndex((line) => line.includes(text));
    return `m.iam-model.json:${index + 1}:${(lines[index] ?? '').indexOf(text) + 1}`;
  };
  assert.deepEqual(
    found.map((line) => line.replace(/ warning unknownPolicyPrincipal .*/, '')),
    [at('"arn:aws:iam::111111111111:role/DevOp"'), at('"arn:aws:iam::111111111111:role/DevOps"'), at('"arn:aws:iam::111111111111:user/alise"')],
    run.stdout,
  );
  assert.match(
    found[0] ?? '',
    /Trust policy of role Reader names arn:aws:iam::111111111111:role\/DevOp, a role account 111111111111 does not have in the model: .* Did you mean arn:aws:iam::111111111111:role\/ci\/DevOps\?/,
  );
  assert.match(
    found[1] ?? '',
    /Trust policy of role Writer names arn:aws:iam::111111111111:role\/DevOps, but the model's role of that name is arn:aws:iam::111111111111:role\/ci\/DevOps \(another path or case\)/,
  );
  assert.match(
    found[2] ?? '',
    /Resource policy of arn:aws:s3:::data names arn:aws:iam::111111111111:user\/alise, a user .* Did you mean arn:aws:iam::111111111111:user\/alice\?/,
  );
});

test('check on a folder says where a trust or resource policy file names a principal its model lacks, in that file, once', () => {
  const trust = (principal: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }, null, 2);
  const bucket = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:user/alise'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }],
    },
    null,
    2,
  );
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        roles: {
          DevOps: { path: '/ci/', trustPolicy: JSON.parse(trust('arn:aws:iam::111111111111:root')) as unknown },
          // Two roles share one trust policy file, which names a role the model lacks.
          Reader: { trustPolicy: './policies/trust.json' },
          Auditor: { trustPolicy: './policies/trust.json' },
        },
        users: { alice: {} },
        resources: { 'arn:aws:s3:::data': { policy: './policies/bucket.json' } },
      },
    },
  });
  const trustText = trust('arn:aws:iam::111111111111:role/DevOp');
  const dir = tempWorkspace({ 'm.iam-model.json': model, 'policies/trust.json': trustText, 'policies/bucket.json': bucket });
  const run = runCli(['check', '.'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const found = run.stdout.split('\n').filter((line) => line.includes('unknownPolicyPrincipal'));
  const at = (file: string, text: string, name: string) => {
    const lines = text.split('\n');
    const index = lines.findIndex((line) => line.includes(name));
    return `${file}:${index + 1}:${(lines[index] ?? '').indexOf(name) + 1}`;
  };
  assert.deepEqual(
    found.map((line) => line.replace(/ warning unknownPolicyPrincipal .*/, '')),
    [
      at('policies/bucket.json', bucket, '"arn:aws:iam::111111111111:user/alise"'),
      at('policies/trust.json', trustText, '"arn:aws:iam::111111111111:role/DevOp"'),
    ],
    run.stdout,
  );
  assert.match(
    found[0] ?? '',
    /Resource policy of arn:aws:s3:::data names arn:aws:iam::111111111111:user\/alise, .* Did you mean arn:aws:iam::111111111111:user\/alice\?/,
  );
  assert.match(
    found[1] ?? '',
    /Trust policy of role (Reader|Auditor) names arn:aws:iam::111111111111:role\/DevOp, .* Did you mean arn:aws:iam::111111111111:role\/ci\/DevOps\?/,
  );
});

test('check on a test file validates it against its model: an unknown principal is an error at the test', () => {
  const dir = tempWorkspace({ 'org.iam-model.json': MODEL, 'policies/deny-regions.json': SCP, 'org.iam-test.json': TESTS });
  const run = runCli(['check', 'org.iam-test.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^org\.iam-test\.json:4:\d+ error unknownPrincipal Test 'bob reads': no user or role of the model is named 'bob'/m);
  assert.equal((JSON.parse(runCli(['check', '-f', 'json', 'org.iam-test.json'], dir).stdout) as { type: string }[])[0]?.type, 'test');
});

test('check on a test file checks the session policies its tests write inline, as session policies, in the test file', () => {
  const tests = `{
  "model": "./org.iam-model.json",
  "tests": [
    { "name": "a narrowed session", "principal": "bob", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed",
      "sessionPolicies": [ { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" } ] } ] }
  ]
}
`;
  const dir = tempWorkspace({ 'org.iam-model.json': MODEL, 'policies/deny-regions.json': SCP, 'org.iam-test.json': tests });
  const run = runCli(['check', 'org.iam-test.json'], dir);
  assert.match(run.stdout, /^org\.iam-test\.json:5:\d+ \w+ unknownAction .*GetObjekt.*\(in session policy 1 of test 'a narrowed session'\)$/m);
});

test('check over a folder checks a policy file as the type its model gives it: an SCP gets no identity-policy findings', () => {
  const dir = tempWorkspace({ 'org.iam-model.json': MODEL, 'policies/deny-regions.json': SCP });
  const alone = runCli(['check', '-f', 'json', 'policies/deny-regions.json'], dir);
  const guessed = JSON.parse(alone.stdout) as { type: string; diagnostics: { code: string }[] }[];
  assert.equal(guessed[0]?.type, 'identity');
  assert.ok(
    guessed[0]?.diagnostics.some((d) => d.code === 'passRoleWithWildcard'),
    'as an identity policy, * on * allows iam:PassRole',
  );
  const folder = JSON.parse(runCli(['check', '-f', 'json', '.'], dir).stdout) as { file: string; type: string; diagnostics: { code: string }[] }[];
  const scp = folder.find((r) => r.file.endsWith('deny-regions.json'));
  assert.equal(scp?.type, 'scp');
  assert.deepEqual(
    scp?.diagnostics.map((d) => d.code),
    [],
  );
  // An explicit --type still wins.
  const forced = JSON.parse(runCli(['check', '-f', 'json', '--type', 'identity', '.'], dir).stdout) as { file: string; type: string }[];
  assert.equal(forced.find((r) => r.file.endsWith('deny-regions.json'))?.type, 'identity');
});

const EXPORT = JSON.stringify(
  {
    UserDetailList: [
      {
        UserName: 'alice',
        Arn: 'arn:aws:iam::111111111111:user/alice',
        UserPolicyList: [
          { PolicyName: 'reads', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] } },
        ],
      },
    ],
    RoleDetailList: [
      {
        RoleName: 'app',
        Arn: 'arn:aws:iam::111111111111:role/app',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        RolePolicyList: [],
      },
    ],
    GroupDetailList: [],
    Policies: [],
  },
  null,
  2,
);

test('check on an authorization-details export validates each policy in it as its type, named, whether given or found in a folder', () => {
  const dir = tempWorkspace({ 'gaad/export.json': EXPORT });
  for (const target of ['gaad/export.json', 'gaad']) {
    const run = runCli(['check', '--format', 'json', target], dir);
    const [report] = JSON.parse(run.stdout) as { file: string; type: string; diagnostics: { code: string; message: string; policy?: { label: string } }[] }[];
    assert.equal(report?.type, 'authorizationDetails', run.stdout);
    const typo = report?.diagnostics.find((d) => d.code === 'unknownAction');
    assert.match(typo?.message ?? '', /GetObjekt/);
    assert.equal(typo?.policy?.label, 'inline policy reads of user alice');
    // The export itself is no policy: none of its keys is reported as a policy element, nor the trust policy as identity.
    assert.ok(!report?.diagnostics.some((d) => /UserDetailList|not a policy element|Principal/.test(d.message)), JSON.stringify(report?.diagnostics));
  }
});

test('an export cut short between two documents reports its syntax errors (exit 1), and one nested thousands deep says so', () => {
  const cut = EXPORT.slice(0, EXPORT.indexOf('"RoleDetailList"'));
  const deep = JSON.stringify({ UserDetailList: [{ UserName: 'a', Tags: 'PLACE' }] }).replace('"PLACE"', `${'['.repeat(20000)}${']'.repeat(20000)}`);
  const dir = tempWorkspace({ 'cut.json': cut, 'deep.json': deep });
  const cutRun = runCli(['check', 'cut.json'], dir);
  assert.equal(cutRun.code, 1, cutRun.stdout);
  assert.match(cutRun.stdout, /^cut\.json:\d+:\d+ error syntax JSON syntax error: /m);
  // The documents it still holds are checked all the same.
  assert.match(cutRun.stdout, /unknownAction .*GetObjekt/);
  const deepRun = runCli(['check', 'deep.json'], dir);
  assert.equal(deepRun.code, 1, deepRun.stderr);
  assert.match(deepRun.stdout, /^deep\.json:1:\d+ error tooDeep The JSON is nested 20003 levels deep/m);
});

test('check on an export of the raw API, whose documents are URL-encoded strings: each is decoded and checked, its findings on the string', () => {
  const encoded = JSON.parse(EXPORT) as { UserDetailList: { UserPolicyList: { PolicyDocument: unknown }[] }[] };
  const user = encoded.UserDetailList[0];
  const inline = user?.UserPolicyList[0];
  assert.ok(inline);
  inline.PolicyDocument = encodeURIComponent(JSON.stringify(inline.PolicyDocument));
  const text = JSON.stringify(encoded, null, 2);
  const dir = tempWorkspace({ 'raw.json': text });
  const run = runCli(['check', '--format', 'json', 'raw.json'], dir);
  const [report] = JSON.parse(run.stdout) as { diagnostics: { code: string; range: { start: { line: number } } }[] }[];
  const typo = report?.diagnostics.find((d) => d.code === 'unknownAction');
  assert.ok(typo, run.stdout);
  assert.equal(
    typo.range.start.line,
    text.split('\n').findIndex((line) => line.includes('"PolicyDocument": "%7B')),
  );
});
