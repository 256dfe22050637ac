// `iam-policy-lab simulate` end to end on the examples workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EXAMPLE_MODEL, EXAMPLES, runCli, tempWorkspace } from './cliRun';
import { largeExport } from '../model/gaadFixture';

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const OBJECT = 'arn:aws:s3:::example-app-data/uploads/old.pdf';

test('text output: the decision, the AWS sentence and the deciding statement with file:line:col', () => {
  const run = runCli([
    'simulate',
    '--model',
    EXAMPLE_MODEL,
    '--principal',
    ALICE,
    '--action',
    's3:DeleteObject',
    '--resource',
    OBJECT,
    '--context',
    'aws:SecureTransport=true',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.equal(lines[0], '✖ DENIED (explicit deny)');
  assert.equal(
    lines[1],
    `User: ${ALICE} is not authorized to perform: s3:DeleteObject on resource: ${OBJECT} with an explicit deny in an identity-based policy`,
  );
  assert.ok(
    lines.some((l) =>
      l.includes(
        'Statement DenyDeletesWithoutMfa of RequireMfaForDeletes (attached to group Developers) denies s3:DeleteObject  (policies/require-mfa-for-deletes.policy.json:4:5)',
      ),
    ),
    run.stdout,
  );
  assert.ok(lines.some((l) => /aws:MultiFactorAuthPresent is absent.*BoolIfExists/.test(l)));
});

test('with MFA the same request is allowed, and --format json gives decision and explanation', () => {
  const run = runCli([
    'simulate',
    '--model',
    EXAMPLE_MODEL,
    '--principal',
    ALICE,
    '--action',
    's3:DeleteObject',
    '--resource',
    OBJECT,
    '--context',
    'aws:SecureTransport=true',
    '--context',
    'aws:MultiFactorAuthPresent=true',
    '--format',
    'json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as {
    decision: string;
    explanation: { summary: string; decidingStatements: Record<string, unknown>[]; layers: { kind: string; outcome: string }[] };
  };
  assert.equal(output.decision, 'allowed');
  assert.match(
    output.explanation.summary,
    /is allowed to perform: s3:DeleteObject .* by statement ReadAndWriteObjectsInTheAppBucket of identity-based policy DevelopersAppBucketReadWrite$/,
  );
  const statement = output.explanation.decidingStatements[0];
  assert.deepEqual(
    { policy: statement?.policy, file: statement?.file, statementIndex: statement?.statementIndex, sid: statement?.sid, range: statement?.range },
    {
      policy: 'DevelopersAppBucketReadWrite',
      file: 'policies/developers-app-bucket.policy.json',
      statementIndex: 1,
      sid: 'ReadAndWriteObjectsInTheAppBucket',
      range: { start: { line: 9, character: 4 }, end: { line: 14, character: 5 } },
    },
  );
  assert.ok(output.explanation.layers.some((l) => l.kind === 'identity' && l.outcome === 'allows'));
});

test('an implicit deny names the layer without an allow, in json too', () => {
  const run = runCli([
    'simulate',
    '-m',
    EXAMPLE_MODEL,
    '-p',
    'arn:aws:iam::111111111111:user/bob',
    '-a',
    's3:PutObject',
    '-r',
    OBJECT,
    '-c',
    'aws:SecureTransport=true',
    '-f',
    'json',
  ]);
  const output = JSON.parse(run.stdout) as { decision: string; explanation: { summary: string; implicitDenyLayer: { kind: string } } };
  assert.equal(output.decision, 'implicitDeny');
  assert.equal(output.explanation.implicitDenyLayer.kind, 'identity');
  assert.match(output.explanation.summary, /because no identity-based policy allows the s3:PutObject action$/);
});

test('a session policy file narrows a role session', () => {
  const dir = tempWorkspace({
    'read-only.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
  });
  const args = [
    'simulate',
    '-m',
    join(EXAMPLES, EXAMPLE_MODEL),
    '-p',
    'arn:aws:sts::111111111111:assumed-role/ci-deployer/s',
    '-a',
    's3:PutObject',
    '-r',
    OBJECT,
    '-c',
    'aws:SecureTransport=true',
  ];
  const without = runCli([...args, '-f', 'json'], dir);
  assert.equal((JSON.parse(without.stdout) as { decision: string }).decision, 'allowed', without.stderr);
  const withPolicy = runCli([...args, '--session-policy', 'read-only.json', '-f', 'json'], dir);
  const output = JSON.parse(withPolicy.stdout) as {
    decision: string;
    explanation: { implicitDenyLayer: { kind: string } };
    fixes: { title: string; edits: { file: string; newText: string }[] }[];
  };
  assert.equal(output.decision, 'implicitDeny');
  assert.equal(output.explanation.implicitDenyLayer.kind, 'session');
  // What to change is the session policy: its file is edited, and the edit is verified like any other.
  assert.deepEqual(
    output.fixes.map((fix) => [fix.title, fix.edits.map((edit) => [edit.file, edit.newText])]),
    [['Add s3:PutObject to the Action of statement 1 of read-only.json → allowed', [['read-only.json', '["s3:GetObject", "s3:PutObject"]']]]],
  );
  // A user's request carries no session policy: given one, the answer says it was not applied.
  const asUser = runCli(
    ['simulate', '-m', join(EXAMPLES, EXAMPLE_MODEL), '-p', 'alice', '-a', 's3:GetObject', '-r', OBJECT, '--session-policy', 'read-only.json'],
    dir,
  );
  assert.equal(asUser.code, 0, asUser.stderr);
  assert.match(
    asUser.stdout,
    /! Session policies limit a role session or a federated user's session only: arn:aws:iam::111111111111:user\/alice is none, so those given are not applied/,
  );
});

test('a principal that is not in the model gets a warning with the closest ones, and an answer', () => {
  const run = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam::111111111111:user/alicia', '-a', 's3:GetObject', '-r', OBJECT]);
  assert.equal(run.code, 0);
  assert.match(run.stderr, /warning: arn:aws:iam::111111111111:user\/alicia is not in the model\. Did you mean arn:aws:iam::111111111111:user\/alice\?/);
  assert.match(run.stdout, /^✖ DENIED \(implicit deny\)/);
  // A session of a misspelt role is offered the session of the role meant.
  const session = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:sts::111111111111:assumed-role/app-servr/build', '-a', 's3:GetObject', '-r', OBJECT]);
  assert.equal(session.code, 0);
  assert.match(session.stderr, /is not in the model\. Did you mean arn:aws:sts::111111111111:assumed-role\/app-server\/build\?/);
  // An ARN a colon short is no ARN: refused (exit 2) with the principal meant, not answered "nothing allows it".
  const short = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam:111111111111:user/alice', '-a', 's3:GetObject', '-r', OBJECT]);
  assert.equal(short.code, 2);
  assert.match(
    short.stderr,
    /'arn:aws:iam:111111111111:user\/alice' is not an ARN: an ARN has six parts.* Did you mean arn:aws:iam::111111111111:user\/alice\?/,
  );
  assert.equal(short.stdout, '');
  // A session written as IAM's (the role's ARN is): offered as STS writes it.
  const asIam = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam::111111111111:assumed-role/app-server/build', '-a', 's3:GetObject', '-r', OBJECT]);
  assert.match(asIam.stderr, /is not in the model\. Did you mean arn:aws:sts::111111111111:assumed-role\/app-server\/build\?/);
});

test('bad usage and broken models exit 2 with a message naming the problem', () => {
  const missing = runCli(['simulate', '--model', EXAMPLE_MODEL, '--principal', ALICE]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing --action, --resource/);
  const badContext = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:GetObject', '-r', OBJECT, '--context', 'aws:SourceIp']);
  assert.equal(badContext.code, 2);
  assert.match(badContext.stderr, /--context needs KEY=VALUE, not 'aws:SourceIp'/);
  // A policy given as the model is said to be one, once, not as each of its keys unknown to a model.
  const policyDir = tempWorkspace({ 'p.json': '{ "Version": "2012-10-17", "Statement": [] }' });
  const policyAsModel = runCli(['simulate', '-m', 'p.json', '-p', ALICE, '-a', 's3:GetObject', '-r', OBJECT], policyDir);
  assert.equal(policyAsModel.code, 2);
  assert.match(policyAsModel.stderr, /^iam-policy-lab simulate: p\.json:1:1 error notAModel This is a policy document, not an account model/m);
  assert.doesNotMatch(policyAsModel.stderr, /unknownKey/);
  // So is a test file, which names its model rather than being one.
  const testDir = tempWorkspace({ 'checks.iam-test.json': '{ "model": "./m.iam-model.json", "tests": [] }' });
  const testAsModel = runCli(['simulate', '-m', 'checks.iam-test.json', '-p', ALICE, '-a', 's3:GetObject', '-r', OBJECT], testDir);
  assert.equal(testAsModel.code, 2);
  assert.match(testAsModel.stderr, /^iam-policy-lab simulate: checks\.iam-test\.json:1:1 error notAModel This is a policy test file, not an account model/m);
  assert.doesNotMatch(testAsModel.stderr, /unknownKey/);
  // A misspelt command is offered the one meant.
  const chek = runCli(['chek', 'p.json'], policyDir);
  assert.equal(chek.code, 2);
  assert.match(chek.stderr, /^iam-policy-lab: unknown command 'chek' \(did you mean 'check'\?\)/);
  // A resource that is no ARN is no request AWS receives: refused, with the bucket's ARN meant for an S3 action.
  for (const command of [['simulate', '-p', ALICE], ['who-can']]) {
    const bare = runCli([...command, '-m', EXAMPLE_MODEL, '-a', 's3:GetObject', '-r', 'app-bucket/reports/a.csv']);
    assert.equal(bare.code, 2, bare.stdout);
    assert.match(
      bare.stderr,
      /--resource app-bucket\/reports\/a\.csv: The resource 'app-bucket\/reports\/a\.csv' is not an ARN .* Did you mean arn:aws:s3:::app-bucket\/reports\/a\.csv\?/,
    );
    assert.equal(bare.stdout, '');
  }
  const modelText = '{\n  "accounts": { "111111111111": { "users": { "a": { "groups": ["devs"] } } } }\n}';
  const dir = tempWorkspace({ 'm.iam-model.json': modelText });
  const broken = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'arn:aws:iam::111111111111:user/a', '-a', 's3:GetObject', '-r', OBJECT], dir);
  assert.equal(broken.code, 2);
  const column = (modelText.split('\n')[1] ?? '').indexOf('"devs"') + 1;
  assert.ok(
    broken.stderr.includes(`m.iam-model.json:2:${column} error danglingReference User 'a' is in group 'devs', which account 111111111111 does not define`),
    broken.stderr,
  );
  // Editors on Windows write a byte-order mark: the place is the same line and column as without one.
  const bomDir = tempWorkspace({ 'm.iam-model.json': `\uFEFF${modelText}` });
  const bom = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'arn:aws:iam::111111111111:user/a', '-a', 's3:GetObject', '-r', OBJECT], bomDir);
  assert.ok(bom.stderr.includes(`m.iam-model.json:2:${column} error danglingReference`), bom.stderr);
  const absent = runCli(['simulate', '-m', 'nope.iam-model.json', '-p', ALICE, '-a', 's3:GetObject', '-r', OBJECT], dir);
  assert.equal(absent.code, 2);
  assert.match(absent.stderr, /Cannot read the model nope\.iam-model\.json: no such file/);
});

test('a --context key given twice is multi-valued', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        users: {
          a: {
            inlinePolicies: {
              tagging: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'OnlyTeamTags',
                    Effect: 'Allow',
                    Action: 's3:PutObjectTagging',
                    Resource: '*',
                    Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
                  },
                ],
              },
            },
          },
        },
      },
    },
  });
  const dir = tempWorkspace({ 'm.iam-model.json': model });
  const args = [
    'simulate',
    '-m',
    'm.iam-model.json',
    '-p',
    'arn:aws:iam::111111111111:user/a',
    '-a',
    's3:PutObjectTagging',
    '-r',
    'arn:aws:s3:::b/k',
    '-f',
    'json',
  ];
  const both = JSON.parse(runCli([...args, '-c', 'aws:TagKeys=team', '-c', 'aws:TagKeys=env'], dir).stdout) as {
    decision: string;
    explanation: { decidingStatements: { reasons: { key?: string; requestValues?: string[] }[] }[] };
  };
  assert.equal(both.decision, 'allowed');
  assert.deepEqual(both.explanation.decidingStatements[0]?.reasons.find((r) => r.key === 'aws:TagKeys')?.requestValues, ['team', 'env']);
  const extra = JSON.parse(runCli([...args, '-c', 'aws:TagKeys=team', '-c', 'aws:TagKeys=owner'], dir).stdout) as { decision: string };
  assert.equal(extra.decision, 'implicitDeny');
});

test('a denial says why under the verdict and lists the fixes that change it, in text and in json', () => {
  const reports = 'arn:aws:s3:::example-reports/q1.pdf';
  const text = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:PutObject', '-r', reports, '-c', 'aws:SecureTransport=true']);
  const lines = text.stdout.split('\n');
  assert.match(
    lines[2] ?? '',
    /^Why: Statement ReadAndWriteObjectsInTheAppBucket of DevelopersAppBucketReadWrite .*would allow s3:PutObject, but Resource does not match arn:aws:s3:::example-reports\/q1\.pdf.*\(policies\/developers-app-bucket\.policy\.json:\d+:\d+\)$/,
  );
  assert.match(
    text.stdout,
    /How to fix \(each change alone changes the decision\):\n {2}→ Add arn:aws:s3:::example-reports\/q1\.pdf to the Resource of statement ReadAndWriteObjectsInTheAppBucket .*→ allowed\n/,
  );

  const json = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:PutObject', '-r', reports, '-c', 'aws:SecureTransport=true', '-f', 'json']);
  type Output = {
    reason: string;
    fixes: { title: string; kind: string; edits: { file: string; range: { start: { line: number } }; newText: string }[]; context: Record<string, string> }[];
  };
  const output = JSON.parse(json.stdout) as Output;
  assert.equal(output.reason, lines[2]?.replace(/^Why: /, '').replace(/ {2}\(policies\/.*\)$/, ''));
  const fix = output.fixes[0];
  assert.ok(fix);
  assert.equal(fix.kind, 'edit');
  assert.deepEqual(fix.context, {});
  assert.equal(fix.edits[0]?.file, 'policies/developers-app-bucket.policy.json');
  assert.match(fix.edits[0]?.newText ?? '', /"arn:aws:s3:::example-reports\/q1\.pdf"/);

  // An explicit deny: the context value that makes the Deny's condition fail.
  const deny = JSON.parse(
    runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:DeleteObject', '-r', OBJECT, '-c', 'aws:SecureTransport=true', '-f', 'json']).stdout,
  ) as Output;
  assert.match(deny.reason, /^Statement DenyDeletesWithoutMfa .* denies s3:DeleteObject: aws:MultiFactorAuthPresent is absent, so BoolIfExists holds$/);
  assert.deepEqual(
    deny.fixes.map((f) => [f.kind, f.context, f.edits]),
    [['context', { 'aws:MultiFactorAuthPresent': 'true' }, []]],
  );
});

test('a misspelt action is never offered as a fix to write into a policy: the request problem suggests the right one', () => {
  const typo = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:GetObjekt', '-r', OBJECT, '-c', 'aws:SecureTransport=true']);
  assert.doesNotMatch(typo.stdout, /Add s3:GetObjekt/);
  assert.match(typo.stdout + typo.stderr, /s3:GetObject/);
  // The typo is said before "How to fix: none", which is no answer to a request no service has.
  assert.match(typo.stdout, /^Why: .*\n\nProblems:\n {2}! The service 's3' has no action 'GetObjekt'.*Did you mean 's3:GetObject'.*\n\nHow to fix: none/m);
  // The same request with an action that exists but is not listed still gets the fix that adds it.
  const known = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', ALICE, '-a', 's3:GetObjectTagging', '-r', `${OBJECT}`, '-c', 'aws:SecureTransport=true']);
  assert.match(known.stdout, /Add s3:GetObjectTagging to the Action/);
});

test('a model or test value holding a line break is printed escaped: every message and test name stays on its line', () => {
  const model = '{"accounts":{"111111111111":{"users":{"alice":{"path":"team\\nx","groups":["dev\\n"]}}}}}';
  const tests = JSON.stringify({
    model: './n.iam-model.json',
    tests: [{ name: 'one\ntwo', principal: 'alice', action: 's3:GetObject', resource: '*', expect: 'allowed' }],
  });
  const dir = tempWorkspace({
    'n.iam-model.json': model,
    't.iam-test.json': tests,
  });
  const simulate = runCli(['simulate', '--model', 'n.iam-model.json', '--principal', 'alice', '--action', 's3:GetObject', '--resource', '*'], dir);
  const lines = simulate.stderr.split('\n').filter((line) => line.length > 0);
  assert.ok(lines.length >= 2 && lines.every((line) => line.startsWith('iam-policy-lab simulate: n.iam-model.json:1:')), simulate.stderr);
  assert.match(simulate.stderr, /not 'team\\nx'/);
  const named = runCli(
    ['test', 't.iam-test.json'],
    tempWorkspace({ 'n.iam-model.json': '{"accounts":{"111111111111":{"users":{"alice":{}}}}}', 't.iam-test.json': tests }),
  );
  assert.match(named.stdout, /^ {2}✖ one\\ntwo {2}\(/m, named.stdout);
});

test('a denial no single change turns says so under How to fix, instead of leaving the section out', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::team-bucket', Condition: { StringLike: { 's3:prefx': 'home/${aws:username}/*' } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-bucket/*' },
    ],
  });
  const model = JSON.stringify({ accounts: { '111111111111': { users: { alice: { inlinePolicies: { list: './p.json' } } } } } });
  const dir = tempWorkspace({ 'p.json': policy, 'm.iam-model.json': model });
  // Mending the key alone is not enough (the request gives no s3:prefix), nor can a request carry the misspelt key.
  const run = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'alice', '-a', 's3:ListBucket', '-r', 'arn:aws:s3:::team-bucket'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /\nHow to fix: none of the single changes tried .* changes the decision alone/);
  const allowed = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'alice', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::team-bucket/a'], dir);
  assert.match(allowed.stdout, /^✔ ALLOWED/);
  assert.doesNotMatch(allowed.stdout, /How to fix/);
  // An explicit Deny without conditions, the only statement of its SCP: what was tried, and what is left to do.
  const denied = runCli(['simulate', '-m', EXAMPLE_MODEL, '-p', 'alice', '-a', 'organizations:LeaveOrganization', '-r', '*']);
  assert.match(denied.stdout, /^✖ DENIED \(explicit deny\)/);
  assert.match(denied.stdout, /\nHow to fix: none of the single changes tried .* lifts the Deny below alone: detach its policy, or change the Deny by hand\./);
});

test('a fix that widens a permissions boundary says it widens a guardrail', () => {
  const run = runCli([
    'simulate',
    '-m',
    EXAMPLE_MODEL,
    '-p',
    'arn:aws:iam::111111111111:role/ci-deployer',
    '-a',
    'ec2:RunInstances',
    '-r',
    '*',
    '--context',
    'aws:RequestedRegion=eu-west-1',
  ]);
  assert.match(
    run.stdout,
    /→ Add ec2:RunInstances to the Action of statement \w+ of DeployerBoundary .*\(this widens a permissions boundary, a guardrail: make sure the limit itself should change\) → allowed/,
  );
});

test("on a large model, simulate reads the accounts its request reaches: another account's mistake does not stop it, its own does", () => {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const model = {
    // A megabyte of description: a model this large is read account by account when simulated.
    description: '-'.repeat(1 << 20),
    accounts: {
      '111111111111': {
        users: { alice: { inlinePolicies: { S3: allowAll } } },
        roles: {
          App: {
            trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            inlinePolicies: { S3: allowAll },
          },
        },
      },
      '222222222222': { users: { bob: { inlinePolicies: { S3: allowAll }, colour: 'blue' } } },
    },
  };
  const text = JSON.stringify(model, null, 2);
  const dir = tempWorkspace({ 'big.iam-model.json': text });
  const simulate = (principal: string) =>
    runCli(['simulate', '--model', 'big.iam-model.json', '--principal', principal, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'], dir);
  // A user and a role session, each by its ARN: neither reaches bob's account.
  for (const principal of ['arn:aws:iam::111111111111:user/alice', 'arn:aws:sts::111111111111:assumed-role/App/ci']) {
    const run = simulate(principal);
    assert.equal(run.code, 0, `${principal}: ${run.stderr}`);
    assert.match(run.stdout, /ALLOWED/);
    assert.equal(run.stderr, '');
  }
  // An outsider (an account the model does not describe) is asked about on purpose: no account is read for it.
  const outsider = simulate('arn:aws:iam::999999999999:role/Ext');
  assert.equal(outsider.code, 0, outsider.stderr);
  assert.equal(outsider.stderr, '');
  const service = runCli(
    ['simulate', '--model', 'big.iam-model.json', '-p', 'ec2.amazonaws.com', '-a', 'sts:AssumeRole', '-r', 'arn:aws:iam::111111111111:role/App'],
    dir,
  );
  assert.equal(service.code, 0, service.stderr);
  assert.match(service.stdout, /ALLOWED/);
  // Bob's account is read for his request, and its mistake makes the model invalid for it, at its line and column.
  const bob = simulate('arn:aws:iam::222222222222:user/bob');
  assert.equal(bob.code, 2);
  assert.equal(bob.stdout, '');
  const line = text.slice(0, text.indexOf('"colour"')).split('\n').length;
  assert.match(bob.stderr, new RegExp(`big\\.iam-model\\.json:${line}:\\d+ error unknownKey Unknown key 'colour' in user 'bob'`));
  // A principal given by name is looked for in every account, bob's too.
  assert.equal(simulate('App/ci').code, 2);
  // check reads every account.
  const checked = runCli(['check', 'big.iam-model.json'], dir);
  assert.match(checked.stdout + checked.stderr, /unknownKey/);
});

test("a role's ARN written without its path is the model's role, path and all: its key policy's grant applies, and a warning says so", () => {
  const role = 'arn:aws:iam::111111111111:role/service-role/AppRole';
  const key = 'arn:aws:kms:eu-west-1:111111111111:key/k1';
  const model = {
    accounts: {
      '111111111111': {
        roles: { AppRole: { path: '/service-role/' } },
        resources: {
          [key]: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' }] } },
        },
      },
    },
  };
  const test = {
    model: './m.iam-model.json',
    tests: [{ name: 'decrypts', principal: 'arn:aws:iam::111111111111:role/AppRole', action: 'kms:Decrypt', resource: key, expect: 'allowed' }],
  };
  const dir = tempWorkspace({ 'm.iam-model.json': JSON.stringify(model), 't.iam-test.json': JSON.stringify(test, null, 2) });
  const run = runCli(['simulate', '--model', 'm.iam-model.json', '-p', 'arn:aws:iam::111111111111:role/AppRole', '-a', 'kms:Decrypt', '-r', key], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /ALLOWED/);
  assert.match(
    run.stderr,
    /arn:aws:iam::111111111111:role\/AppRole is written with another path than the model's arn:aws:iam::111111111111:role\/service-role\/AppRole/,
  );
  const tested = runCli(['test', 't.iam-test.json'], dir);
  assert.equal(tested.code, 0, tested.stdout + tested.stderr);
  assert.match(tested.stderr, /warning principalPathDiffers Test 'decrypts': the model's principal is arn:aws:iam::111111111111:role\/service-role\/AppRole/);
});

test('a large export (read a window at a time) is answered with the places of its statements, line and column', () => {
  const text = largeExport(3000);
  assert.ok(text.length > 4 * 1048576, 'large enough to be read a window at a time');
  const dir = tempWorkspace({ 'gaad.json': text });
  // The last user: its policy is near the end of the file.
  const run = runCli(
    ['simulate', '-m', 'gaad.json', '-p', 'arn:aws:iam::123456789012:user/carol2999', '-a', 'sqs:SendMessage', '-r', 'arn:aws:sqs:us-east-1:123456789012:jobs'],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const place = /Action 'sqs:SendMessage' matches sqs:SendMessage {2}\(gaad\.json:(\d+):(\d+)\)/.exec(run.stdout);
  assert.ok(place, run.stdout);
  const line = text.split('\n')[Number(place[1]) - 1] ?? '';
  assert.ok(line.slice(Number(place[2]) - 1).startsWith('"sqs:SendMessage"'), line);
  assert.ok(Number(place[1]) > text.slice(0, text.length / 2).split('\n').length, 'in the second half of the file');
});

test('a denied resource the model lacks, a few edits from a bucket it lists, is said before the fixes, with the one meant', () => {
  const asked = ['simulate', '-m', EXAMPLE_MODEL, '-p', 'arn:aws:iam::111111111111:user/alice', '-a', 's3:GetObject', '-c', 'aws:SecureTransport=true'];
  const typo = runCli([...asked, '-r', 'arn:aws:s3:::example-app-dat/uploads/x.pdf']);
  const lines = typo.stdout.split('\n');
  const warned = lines.indexOf('  ! arn:aws:s3:::example-app-dat is not in the model. Did you mean arn:aws:s3:::example-app-data?');
  assert.ok(warned > 0, typo.stdout);
  assert.ok(lines.findIndex((line) => line.startsWith('How to fix')) > warned, typo.stdout);
  // The bucket the model lists, or one no listed bucket is close to, is not warned of.
  assert.doesNotMatch(runCli([...asked, '-r', 'arn:aws:s3:::example-app-data/uploads/x.pdf']).stdout, /is not in the model/);
  assert.doesNotMatch(runCli([...asked, '-r', 'arn:aws:s3:::completely-other-bucket/x.pdf']).stdout, /is not in the model/);
});
