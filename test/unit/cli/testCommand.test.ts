// `iam-policy-lab test` end to end: the examples pass, failures explain themselves, broken inputs exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { EXAMPLES, runCli, tempWorkspace } from './cliRun';

const exampleTests = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.iam-test.json'))
  .sort();

test('every example test file passes (exit 0), and bob is denied since leaving Developers', () => {
  assert.ok(exampleTests.length >= 4);
  const run = runCli(['test', ...exampleTests]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ bob was removed from Developers, so he can no longer upload/);
  assert.match(run.stdout, /\d+ tests passed, 0 failed/);
});

test('--format json gives one result per test, in file order, with the counts', () => {
  const run = runCli(['test', '--format', 'json', 'developers.iam-test.json']);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { results: Record<string, unknown>[]; passed: number; failed: number };
  assert.equal(output.failed, 0);
  assert.equal(output.passed, output.results.length);
  assert.deepEqual(output.results[3], {
    file: 'developers.iam-test.json',
    name: 'bob was removed from Developers, so he can no longer upload',
    decision: 'implicitDeny',
    expect: 'implicitDeny',
    pass: true,
  });
});

const MODEL = JSON.stringify({
  accounts: {
    '111111111111': {
      users: {
        alice: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } },
      },
    },
  },
});
const FAILING = JSON.stringify(
  {
    model: './m.iam-model.json',
    tests: [
      { name: 'alice reads', principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
      {
        name: 'alice writes (wrongly expected)',
        principal: 'arn:aws:iam::111111111111:user/alice',
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::b/k',
        expect: 'allowed',
      },
    ],
  },
  null,
  2,
);

test('a failing test exits 1 and prints why and how to fix it, as simulate does, then the evidence', () => {
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': FAILING });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /✔ alice reads/);
  assert.match(run.stdout, /✖ alice writes \(wrongly expected\)  \(a\.iam-test\.json:12:\d+\)\n {4}expected allowed, got implicitDeny/);
  assert.match(run.stdout, /because no identity-based policy allows the s3:PutObject action/);
  // The same reason line and fixes as `simulate` prints for the same request.
  const simulate = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'alice', '-a', 's3:PutObject', '-r', 'arn:aws:s3:::b/k'], dir);
  const why = /Why: .*/.exec(simulate.stdout)?.[0];
  assert.ok(why, simulate.stdout);
  assert.ok(run.stdout.includes(`    ${why}`), run.stdout);
  // A statement of its own for exactly the request comes before adding the action to a statement on every resource.
  assert.match(
    run.stdout,
    / {4}How to fix \(each change alone changes the decision\):\n {6}→ Add a statement to inline policy read \(attached to user alice\) that allows s3:PutObject on arn:aws:s3:::b\/k → allowed\n.*insert , \{"Sid": "AllowS3PutObject", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b\/k"\}\n {6}→ Add s3:PutObject to the Action of statement Read of inline policy read \(attached to user alice\) \(the statement's Resource is "\*": the action would be allowed on every resource\) → allowed/,
  );
  assert.ok(run.stdout.indexOf('How to fix') < run.stdout.indexOf('Layers'), 'the fixes come before the evidence');
  assert.match(run.stdout, /1 test passed, 1 failed/);
  const json = runCli(['test', '-f', 'json', 'a.iam-test.json'], dir);
  assert.equal(json.code, 1);
  const output = JSON.parse(json.stdout) as { results: Record<string, unknown>[] };
  // Passing results keep their shape; a failing one adds the reason and the fixes, as simulate's JSON has them.
  assert.deepEqual(output.results[0], { file: 'a.iam-test.json', name: 'alice reads', decision: 'allowed', expect: 'allowed', pass: true });
  const failing = output.results[1] as {
    reason: string;
    fixes: { title: string; kind: string; edits: { file: string }[] }[];
    range: { start: { line: number; character: number } };
  };
  // Where it is, as the text's a.iam-test.json:12:C says it (zero-based here, as LSP and check --format json write it).
  const column = /a\.iam-test\.json:12:(\d+)/.exec(run.stdout)?.[1];
  assert.deepEqual(failing.range.start, { line: 11, character: Number(column) - 1 });
  assert.deepEqual({ ...output, results: undefined }, { results: undefined, passed: 1, failed: 1 });
  assert.equal(failing.reason, why.slice('Why: '.length));
  assert.deepEqual(
    failing.fixes.map((f) => [f.kind, f.title, f.edits.map((e) => e.file)]),
    [
      ['edit', 'Add a statement to inline policy read (attached to user alice) that allows s3:PutObject on arn:aws:s3:::b/k → allowed', ['m.iam-model.json']],
      [
        'edit',
        'Add s3:PutObject to the Action of statement Read of inline policy read (attached to user alice) (the statement\'s Resource is "*": the action would be allowed on every resource) → allowed',
        ['m.iam-model.json'],
      ],
    ],
  );
  const simulateJson = JSON.parse(
    runCli(['simulate', '-f', 'json', '-m', 'm.iam-model.json', '-p', 'alice', '-a', 's3:PutObject', '-r', 'arn:aws:s3:::b/k'], dir).stdout,
  ) as { fixes: unknown };
  assert.deepEqual(failing.fixes, simulateJson.fixes);
});

test('a failing result in JSON carries the problems the text lists: a key AWS sets on every request, missing from the test', () => {
  const tests = {
    model: './organization.iam-model.json',
    tests: [
      {
        // An action on no resource ("*") carries no Region, unlike an instance's ARN: the region-lock SCP meets none.
        name: 'dave lists instances',
        principal: 'dave',
        action: 'ec2:DescribeInstances',
        resource: '*',
        expect: 'allowed',
      },
    ],
  };
  const dir = tempWorkspace({ 'r.iam-test.json': JSON.stringify(tests) });
  cpSync(EXAMPLES, dir, { recursive: true });
  const json = runCli(['test', '--format', 'json', 'r.iam-test.json'], dir);
  assert.equal(json.code, 1, json.stderr);
  const result = (JSON.parse(json.stdout) as { results: { pass: boolean; problems?: string[] }[] }).results[0];
  assert.equal(result?.pass, false);
  assert.match(result?.problems?.join('\n') ?? '', /aws:RequestedRegion is absent from this request, but AWS sets it on every request/);
});

test('a test naming a principal the model lacks or an action no service has is not run: an error at the place, exit 2', () => {
  const typo = FAILING.replace('"s3:PutObject"', '"s3:PutObjekt"').replace('"expect": "allowed"\n    }\n  ]', '"expect": "implicitDeny"\n    }\n  ]');
  const unknownPrincipal = typo.replace('"arn:aws:iam::111111111111:user/alice",\n      "action": "s3:GetObject"', '"alicia",\n      "action": "s3:GetObject"');
  assert.notEqual(typo, FAILING);
  assert.notEqual(unknownPrincipal, typo);
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': unknownPrincipal });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  // Neither passes (as the typo would have made the second one pass) nor fails: each says what is wrong, where.
  assert.doesNotMatch(run.stdout, /✔|✖/);
  assert.match(
    run.stdout,
    /! alice reads  \(a\.iam-test\.json:5:\d+\)\n {4}a\.iam-test\.json:6:\d+: Test 'alice reads': no user or role of the model is named 'alicia'/,
  );
  assert.match(
    run.stdout,
    /! alice writes \(wrongly expected\)  \(a\.iam-test\.json:12:\d+\)\n {4}a\.iam-test\.json:14:\d+: .*no action 'PutObjekt'.*Did you mean 's3:PutObject'/,
  );
  assert.match(run.stdout, /0 tests passed, 0 failed, 2 could not run/);
  const json = JSON.parse(runCli(['test', '-f', 'json', 'a.iam-test.json'], dir).stdout) as {
    results: { decision?: string; errors?: { code: string; range: unknown }[] }[];
    invalid: number;
  };
  assert.equal(json.invalid, 2);
  assert.deepEqual(
    json.results.map((r) => [r.decision, r.errors?.map((e) => e.code)]),
    [
      [undefined, ['unknownPrincipal']],
      [undefined, ['unknownAction']],
    ],
  );
  assert.deepEqual(json.results[1]?.errors?.[0]?.range, { start: { line: 13, character: 16 }, end: { line: 13, character: 30 } });
});

test('a role session is written ROLE/SESSION or as its ARN, in tests as on the command line', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        roles: {
          Dev: {
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }],
            },
            inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
          },
        },
      },
    },
  });
  const tests = JSON.stringify({
    model: './m.iam-model.json',
    tests: [
      { name: 'by name', principal: 'Dev/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
      {
        name: 'by ARN',
        principal: 'arn:aws:sts::111111111111:assumed-role/Dev/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        expect: 'allowed',
      },
      { name: 'no such role', principal: 'Ops/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
    ],
  });
  const dir = tempWorkspace({ 'm.iam-model.json': model, 'a.iam-test.json': tests });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.match(run.stdout, /✔ by name\n {2}✔ by ARN\n {2}! no such role/);
  assert.match(run.stdout, /no role of the model is named 'Ops'; a role session is written ROLE\/SESSION/);
  const simulate = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'Dev/alice', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b/k'], dir);
  assert.equal(simulate.code, 0, simulate.stderr);
  assert.match(simulate.stdout, /arn:aws:sts::111111111111:assumed-role\/Dev\/alice/);
  const unknown = runCli(['simulate', '-m', 'm.iam-model.json', '-p', 'Ops/alice', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b/k'], dir);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--principal Ops\/alice: no role of the model is named 'Ops'/);
});

test('a test file whose model is missing is a clear error, exit 2', () => {
  const dir = tempWorkspace({ 'a.iam-test.json': FAILING });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /a\.iam-test\.json:2:\d+: the model .*m\.iam-model\.json cannot be read \(no such file\)/);
  assert.equal(runCli(['test'], dir).code, 2);
  assert.equal(runCli(['test', 'absent.iam-test.json'], dir).code, 2);
});

test('an outsider (an account the model leaves out) and an anonymous caller are principals a test may name: they run', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        resources: {
          'arn:aws:s3:::b': {
            policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
            },
          },
        },
      },
      // An account one digit from the partner's, with a role of the partner's role's name: no suggestion for an outsider.
      '222222222223': { roles: { reader: {} } },
    },
  });
  const tests = JSON.stringify({
    model: './m.iam-model.json',
    tests: [
      { name: 'partner reads', principal: 'arn:aws:iam::222222222222:role/reader', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
      { name: 'anonymous cannot', principal: '*', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'implicitDeny' },
    ],
  });
  const dir = tempWorkspace({ 'm.iam-model.json': model, 'a.iam-test.json': tests });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ partner reads\n {2}✔ anonymous cannot/);
  // Said, not hidden: the model does not describe the partner's account; and said as what the test asks, not as a typo.
  assert.match(
    run.stderr,
    /warning unknownPrincipal Test 'partner reads': arn:aws:iam::222222222222:role\/reader is of account 222222222222, which the model does not describe: the test asks as a principal from outside the model, whose own policies are taken to allow\.\n/,
  );
});

test('a test file that cannot be run says why in --format json too (fileErrors, exit 2), and a misspelt principal name gets a suggestion', () => {
  const invalid = FAILING.replace('"expect": "allowed"', '"expect": "deny"');
  const dir = tempWorkspace({
    'm.iam-model.json': MODEL,
    'a.iam-test.json': invalid,
    'b.iam-test.json': FAILING.replace('"arn:aws:iam::111111111111:user/alice"', '"alcie"'),
  });
  const run = runCli(['test', '--format', 'json', 'a.iam-test.json'], dir);
  assert.equal(run.code, 2);
  const output = JSON.parse(run.stdout) as { fileErrors?: { file: string; code: string; range?: { start: { line: number } } }[] };
  assert.equal(output.fileErrors?.[0]?.file, 'a.iam-test.json');
  assert.equal(output.fileErrors?.[0]?.code, 'invalidValue');
  assert.equal(
    output.fileErrors?.[0]?.range?.start.line,
    invalid.split('\n').findIndex((line) => line.includes('"deny"')),
  );
  const named = runCli(['test', 'b.iam-test.json'], dir);
  assert.match(
    named.stdout,
    /no user or role of the model is named 'alcie'; give its name or ARN\. Did you mean 'alice'\?(?!\.)/,
    'the question ends the message: no period after it',
  );
});

test('--format json lists what the text warns of on stderr: a context key no service defines, a test name given twice', () => {
  const test = { principal: 'dave', action: 'ec2:DescribeInstances', resource: '*', expect: 'allowed' };
  const tests = {
    model: './organization.iam-model.json',
    tests: [
      { ...test, name: 'dave lists', context: { 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceIpp': '10.0.0.1' } },
      { ...test, name: 'dave lists', context: { 'aws:RequestedRegion': 'eu-west-1' } },
    ],
  };
  const dir = tempWorkspace({ 'w.iam-test.json': JSON.stringify(tests, null, 2) });
  cpSync(EXAMPLES, dir, { recursive: true });
  const run = runCli(['test', '--format', 'json', 'w.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as {
    passed: number;
    warnings?: { file: string; code: string; message: string; range?: { start: { line: number } } }[];
  };
  assert.equal(output.passed, 2);
  const codes = (output.warnings ?? []).map((w) => w.code).sort();
  assert.deepEqual(codes, ['duplicateTest', 'unknownContextKey'], run.stdout);
  const unknownKey = output.warnings?.find((w) => w.code === 'unknownContextKey');
  assert.equal(unknownKey?.file, 'w.iam-test.json');
  assert.match(unknownKey?.message ?? '', /aws:SourceIpp/);
  assert.equal(typeof unknownKey?.range?.start.line, 'number');
  // The same warnings as the text run prints, one line each.
  assert.equal(run.stderr.trim().split('\n').length, 2, run.stderr);
});

test("--format json lists the model's own warnings too, as the text run prints them", () => {
  const model = {
    accounts: {
      '111111111111': {
        users: {
          alice: { path: 'team', inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } },
        },
      },
    },
  };
  const tests = {
    model: './m.iam-model.json',
    tests: [{ name: 'alice reads', principal: 'alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' }],
  };
  const dir = tempWorkspace({ 'm.iam-model.json': JSON.stringify(model), 't.iam-test.json': JSON.stringify(tests) });
  const run = runCli(['test', '--format', 'json', 't.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as { warnings?: { file: string; code: string }[] };
  assert.deepEqual(
    output.warnings?.map((w) => [w.file, w.code]),
    [['m.iam-model.json', 'invalidPath']],
  );
  assert.match(run.stderr, /invalidPath/);
});

test('a test file whose model cannot be read is placed at its "model" key in --format json, for a CI annotation', () => {
  const tests = {
    model: './nowhere/x.iam-model.json',
    tests: [{ name: 'a', principal: 'arn:aws:iam::111111111111:root', action: 's3:GetObject', resource: '*', expect: 'allowed' }],
  };
  const text = JSON.stringify(tests, null, 2);
  const dir = tempWorkspace({ 'sub/d.iam-test.json': text });
  const run = runCli(['test', '--format', 'json', 'sub/d.iam-test.json'], dir);
  assert.equal(run.code, 2);
  const output = JSON.parse(run.stdout) as { fileErrors?: { file: string; code: string; message: string; range?: { start: { line: number } } }[] };
  const error = output.fileErrors?.[0];
  assert.equal(error?.file, 'sub/d.iam-test.json');
  assert.equal(error?.code, 'unreadableFile');
  assert.match(error?.message ?? '', /the model .*nowhere\/x\.iam-model\.json cannot be read/);
  assert.equal(
    error?.range?.start.line,
    text.split('\n').findIndex((line) => line.includes('"model"')),
  );
});

test("a test file whose model has errors lists each of the model's errors at its own place in --format json", () => {
  const model = { accounts: { '111111111111': { users: { alice: { colour: 'blue' } } } } };
  const modelText = JSON.stringify(model, null, 2);
  const tests = {
    model: './m.iam-model.json',
    tests: [{ name: 'a', principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: '*', expect: 'implicitDeny' }],
  };
  const dir = tempWorkspace({ 'm.iam-model.json': modelText, 't.iam-test.json': JSON.stringify(tests, null, 2) });
  const run = runCli(['test', '--format', 'json', 't.iam-test.json'], dir);
  assert.equal(run.code, 2);
  const output = JSON.parse(run.stdout) as { fileErrors?: { file: string; code: string; range?: { start: { line: number; character: number } } }[] };
  assert.deepEqual(
    output.fileErrors?.map((e) => [e.file, e.code]),
    [
      ['t.iam-test.json', 'invalidModel'],
      ['m.iam-model.json', 'unknownKey'],
    ],
  );
  assert.equal(
    output.fileErrors?.[1]?.range?.start.line,
    modelText.split('\n').findIndex((line) => line.includes('"colour"')),
  );
});

test('a folder runs each test file in it, found as check finds files; a folder with none is said to have none', () => {
  const dir = tempWorkspace({
    'm.iam-model.json': MODEL,
    'tests/a.iam-test.json': FAILING.replace('"./m.iam-model.json"', '"../m.iam-model.json"'),
    'tests/nested/b.iam-test.json': FAILING.replace('"./m.iam-model.json"', '"../../m.iam-model.json"'),
    'tests/notes.json': '{}',
    'empty/readme.txt': 'nothing here',
  });
  const run = runCli(['test', '-f', 'json', 'tests'], dir);
  assert.equal(run.code, 1, run.stderr);
  const output = JSON.parse(run.stdout) as { results: { file: string }[]; passed: number; failed: number };
  assert.deepEqual([...new Set(output.results.map((r) => r.file))], ['tests/a.iam-test.json', 'tests/nested/b.iam-test.json']);
  assert.deepEqual([output.passed, output.failed], [2, 2]);
  const none = runCli(['test', 'empty'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^iam-policy-lab test: empty: no test file \(\*\.iam-test\.json\) in this folder$/m);
});

test('a passing test that passes only because a key AWS sets on every request is absent says so beneath its tick, and in JSON', () => {
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { alice: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } } },
        resources: {
          'arn:aws:s3:::data': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyInsecureTransport',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: 'arn:aws:s3:::data/*',
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  const test = (name: string, context: Record<string, string>) => ({
    name,
    principal: 'alice',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data/a.csv',
    context,
    expect: 'allowed',
  });
  const tests = JSON.stringify({
    model: './m.iam-model.json',
    tests: [
      // A misspelt key: the request AWS would see carries aws:SecureTransport, which this one does not.
      test('reads over TLS', { 'aws:SecureTransprt': 'true', 'aws:RequestedRegion': 'us-east-1' }),
      test('reads over TLS, spelt right', { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' }),
    ],
  });
  const dir = tempWorkspace({ 'm.iam-model.json': model, 't.iam-test.json': tests });
  const run = runCli(['test', 't.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ reads over TLS\n {4}! aws:SecureTransport is absent from this request, but AWS sets it on every request/);
  assert.match(run.stdout, /✔ reads over TLS, spelt right\n(?! {4}!)/);
  const json = JSON.parse(runCli(['test', '-f', 'json', 't.iam-test.json'], dir).stdout) as { results: { problems?: string[] }[] };
  assert.match(json.results[0]?.problems?.[0] ?? '', /^aws:SecureTransport is absent from this request/);
  assert.equal(json.results[1]?.problems, undefined);
});

test('a warning repeated by a hundred tests is printed twenty times and counted once on stderr; --format json lists all', () => {
  const users = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`u${i}`, { path: '/eng/', policies: ['Read'] }]));
  const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const dir = tempWorkspace({
    'm.iam-model.json': JSON.stringify({ accounts: { '111111111111': { policies: { Read: read }, users } } }),
    // Each test names its user without the path the model gives it.
    't.iam-test.json': JSON.stringify({
      model: './m.iam-model.json',
      tests: Object.keys(users).map((user) => ({
        name: user,
        principal: `arn:aws:iam::111111111111:user/${user}`,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        expect: 'allowed',
      })),
    }),
  });
  const text = runCli(['test', 't.iam-test.json'], dir);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 21);
  assert.ok(lines.slice(0, 20).every((line) => line.includes('warning principalPathDiffers')));
  assert.equal(lines[20], 'iam-policy-lab test: t.iam-test.json: 80 more principalPathDiffers warnings like those above, not shown');
  const json = runCli(['test', '--format', 'json', 't.iam-test.json'], dir);
  assert.equal((JSON.parse(json.stdout) as { warnings: unknown[] }).warnings.length, 100);
});

test('after 20 failing tests explained in full, each further one prints its reason in one line; json keeps every one whole', () => {
  const tests = Array.from({ length: 23 }, (_, i) => ({
    name: `alice writes ${i + 1}`,
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:PutObject',
    resource: `arn:aws:s3:::b/k${i + 1}`,
    expect: 'allowed',
  }));
  // The last one's request names a context key no service defines: a problem, counted on its line.
  Object.assign(tests[22] as object, { context: { 'aws:SourceIpp': '10.0.0.1' } });
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': JSON.stringify({ model: './m.iam-model.json', tests }, null, 2) });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 1, run.stderr);
  const explained = (n: number) =>
    new RegExp(`✖ alice writes ${n}  \\(a\\.iam-test\\.json:\\d+:\\d+\\)\\n {4}expected allowed, got implicitDeny\\n {4}✖ DENIED`);
  assert.match(run.stdout, explained(1));
  assert.match(run.stdout, explained(20));
  for (const n of [21, 22, 23]) {
    const problems = n === 23 ? ' \\(and 1 problem with the test, which --format json lists\\)' : '';
    const brief = `✖ alice writes ${n}  \\(a\\.iam-test\\.json:\\d+:\\d+\\)\\n {4}expected allowed, got implicitDeny\\. Why: No statement in identity policies of alice allows s3:PutObject${problems}\\n`;
    assert.match(run.stdout, new RegExp(brief));
  }
  assert.equal(run.stdout.match(/Layers \(in the order AWS evaluates them\)/g)?.length, 20);
  assert.match(
    run.stdout,
    /The first 20 failing tests are explained in full, the other 3 by their reason: --format json gives every one's reason and fixes\.\n\n0 tests passed, 23 failed\n$/,
  );
  const json = JSON.parse(runCli(['test', '--format', 'json', 'a.iam-test.json'], dir).stdout) as { results: { reason?: string; fixes?: unknown[] }[] };
  assert.equal(json.results.length, 23);
  assert.ok(json.results.every((r) => r.reason !== undefined && Array.isArray(r.fixes) && r.fixes.length > 0));
});

test('a passing test whose session policies its principal never takes says so, as simulate does, in text and in json', () => {
  const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
  const tests = {
    model: './m.iam-model.json',
    tests: [
      // alice is a user: the session policy is never applied, so the test passes and says nothing about it.
      {
        name: 'user with a session policy',
        principal: 'alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        sessionPolicies: [denyAll],
        expect: 'allowed',
      },
      { name: 'user without', principal: 'alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed' },
    ],
  };
  const dir = tempWorkspace({ 'm.iam-model.json': MODEL, 'a.iam-test.json': JSON.stringify(tests, null, 2) });
  const run = runCli(['test', 'a.iam-test.json'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /✔ user with a session policy\n {4}! Session policies limit a role session or a federated user's session only: arn:aws:iam::111111111111:user\/alice is none, so those given are not applied \(to see them limit a session, ask as ROLE\/SESSION\)\.\n {2}✔ user without\n/,
  );
  const json = JSON.parse(runCli(['test', '--format', 'json', 'a.iam-test.json'], dir).stdout) as { results: { problems?: string[] }[] };
  assert.match(json.results[0]?.problems?.join('\n') ?? '', /Session policies limit a role session/);
  assert.equal(json.results[1]?.problems, undefined);
});
