// Class 1 of the hostile inputs: work that grew faster than the input. Each case is generated at a size that took
// seconds to minutes (or hundreds of MB) before the fix, and must now finish inside the hard limits of bounded.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validatePolicy } from '../../server/src/iam/validator/validatePolicy';
import { tinyCatalog } from '../unit/helpers/tinyCatalog';
import { assertNoCrash, runBounded, workspace } from './bounded';

const POLICY = (statement: unknown): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 1);

test('a 60 KB Action list of wildcard entries is compared within a budget, and the rule says where it stopped', () => {
  const actions = Array.from({ length: 2000 }, (_, i) => `s3:Get${'?'.repeat(i % 7)}Obj*ect${i}*`);
  const dir = workspace({ 'p.policy.json': POLICY({ Effect: 'Allow', Action: actions, Resource: '*' }) });
  const result = runBounded(['check', '--format', 'json', join(dir, 'p.policy.json')]);
  assert.equal(result.killed, false, 'killed by the hard timeout');
  assertNoCrash(result, assert);
  assert.equal(result.code, 0, result.stderr);
  const reports = JSON.parse(result.stdout) as { diagnostics: { code: string; message: string }[] }[];
  const stopped = reports[0]?.diagnostics.filter((d) => d.code === 'redundantAction' && /stopped/.test(d.message)) ?? [];
  assert.equal(stopped.length, 1, 'one finding says the search stopped');
});

test('a long Resource list of wildcard ARNs sharing one prefix stays bounded', () => {
  // Every entry passes the cheap literal pre-check against every other, none covers another (`?` cannot stand for
  // `*`), and each comparison is a large table: about 10^10 steps compared in full.
  const resources = Array.from({ length: 600 }, (_, i) => `arn:aws:s3:::b/*a${'?'.repeat(i)}b*`);
  const dir = workspace({ 'p.policy.json': POLICY({ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }) });
  const result = runBounded(['check', join(dir, 'p.policy.json')]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 0, result.stderr);
});

test('two 60,000-character wildcard ARNs are not compared cell by cell (the full table was 3.6 GB)', () => {
  const dir = workspace({
    'p.policy.json': POLICY({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: [`arn:aws:s3:::b/${'?*'.repeat(30_000)}`, `arn:aws:s3:::b/${'a*'.repeat(30_000)}`],
    }),
  });
  const result = runBounded(['check', join(dir, 'p.policy.json')]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 0, result.stderr);
});

const MODEL_WITH = (statement: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    accounts: {
      '111111111111': { users: { alice: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [statement] } } } }, ...extra },
    },
  });

test('a `?`-heavy StringLike pattern against a long context value is matched without quadratic work', () => {
  // A 100,000-character segment of `a?` searched along 200,000 `a`s: 10^10 character steps the naive way.
  const pattern = `*${'a?'.repeat(50_000)}b*`;
  const dir = workspace({
    'm.iam-model.json': MODEL_WITH({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:userid': pattern } } }),
    // The value goes in a test file: command-line arguments are limited to 128 KB each on Linux.
    't.iam-test.json': JSON.stringify({
      model: './m.iam-model.json',
      tests: [
        {
          name: 'the pattern never matches',
          principal: 'arn:aws:iam::111111111111:user/alice',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/k',
          context: { 'aws:userid': 'a'.repeat(200_000) },
          expect: 'implicitDeny',
        },
      ],
    }),
  });
  const result = runBounded(['test', join(dir, 't.iam-test.json')]);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 0, result.all.slice(0, 2000));
});

test('"did you mean" over long names in a model stays bounded', () => {
  const groups: Record<string, unknown> = {};
  for (let i = 0; i < 200; i++) groups[`${'g'.repeat(20_000)}${i}`] = {};
  const model = JSON.stringify({ accounts: { '111111111111': { groups, users: { alice: { groups: ['h'.repeat(20_000)] } } } } });
  const dir = workspace({ 'm.iam-model.json': model });
  const result = runBounded(['who-can', '--model', join(dir, 'm.iam-model.json'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k']);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /m\.iam-model\.json:1:\d+ error/);
});

test('an organization thousands of levels deep gets one clear error with file, line and column', () => {
  const depth = 5000;
  let open = '';
  let close = '';
  for (let i = 1; i <= depth; i++) {
    open += `{"id":"ou-${i}","children":[`;
    close += ']}';
  }
  const root = `{"id":"r-1","children":[${open}{"id":"ou-leaf","accounts":["111111111111"]}${close}]}`;
  const dir = workspace({
    'deep.iam-model.json': `{"organization":{"id":"o-1","managementAccount":"111111111111","root":${root}},"accounts":{"111111111111":{}}}`,
  });
  const result = runBounded(['who-can', '--model', join(dir, 'deep.iam-model.json'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k']);
  assert.equal(result.killed, false);
  assertNoCrash(result, assert);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /deep\.iam-model\.json:1:\d+ error tooDeep The JSON is nested \d+ levels deep/);
});

test('a document past its time budget skips the remaining rules and says which, once', () => {
  const text = POLICY({ Effect: 'Allow', Action: ['s3:GetObjects', 's3:GetObject', 's3:GetObject'], Resource: '*' });
  const full = validatePolicy(text, { type: 'identity', catalog: tinyCatalog() });
  assert.ok(full.findings.length > 1);
  let asked = 0;
  // A clock that runs out after the first rule: the language server's budget, without waiting for it.
  const cut = validatePolicy(text, { type: 'identity', catalog: tinyCatalog(), expired: () => ++asked > 1 });
  const notices = cut.findings.filter((f) => f.code === 'timeBudget');
  assert.equal(notices.length, 1);
  assert.match(notices[0]?.message ?? '', /checks were skipped \(/);
  assert.ok(cut.findings.length < full.findings.length + 1);
  assert.equal(validatePolicy(text, { type: 'identity', catalog: tinyCatalog(), expired: () => false }).findings.length, full.findings.length);
});

test('a YAML template line of 320,000 `#` is screened in one pass, and its findings are those `yaml` gives', () => {
  // The fast YAML reader's screen looked back to the line's start for each `#`: 34 s for half this line.
  const policy = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: "s3:Get Object"\n            Resource: "*"\n`;
  const template = `AWSTemplateFormatVersion: "2010-09-09"\nDescription: ${'a#'.repeat(320_000)}\n${policy}`;
  // A tab anywhere leaves the text to the `yaml` reader: the same template read by `yaml`, for its findings.
  const dir = workspace({ 'fast.yaml': template, 'yaml.yaml': `${template}# \t\n` });
  const findings = (name: string) => {
    const result = runBounded(['check', '--format', 'json', join(dir, name)]);
    assert.equal(result.killed, false, `${name}: killed by the hard timeout`);
    assertNoCrash(result, assert);
    const reports = JSON.parse(result.stdout) as { diagnostics: unknown[] }[];
    return reports[0]?.diagnostics;
  };
  const fast = findings('fast.yaml');
  assert.ok(Array.isArray(fast) && fast.length > 0, 'the misspelt action is reported');
  assert.deepStrictEqual(fast, findings('yaml.yaml'));
});

test('a JSON data file of 20 MB in a checked folder is skipped unread as a policy; named, it is refused with its size', () => {
  // Its position tree would be twenty times its size: a 200 MB one ran the process out of memory.
  const data = JSON.stringify({ samples: Array.from({ length: 400_000 }, (_, i) => ({ at: i, value: `reading-${i}-${'x'.repeat(20)}` })) });
  assert.ok(data.length > 16 * 1024 * 1024, `${data.length}`);
  const dir = workspace({
    'metrics.json': data,
    'trust.json': POLICY({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  });
  const folder = runBounded(['check', dir]);
  assert.equal(folder.killed, false);
  assertNoCrash(folder, assert);
  assert.equal(folder.code, 0, folder.stderr);
  assert.match(folder.stdout, /^skipped .*metrics\.json: 2\d MB, too large to be a policy document$/m);
  const named = runBounded(['check', join(dir, 'metrics.json')]);
  assertNoCrash(named, assert);
  assert.equal(named.code, 2, named.stdout);
  assert.match(named.stdout + named.stderr, /metrics\.json.*no policy AWS accepts is above 32 KB/);
});

test('check of a 4 MB model keeps neither its tree nor its policies: it finishes within a 96 MB heap, every finding placed', () => {
  // A model's position tree is twenty times its text, and each of its policies was parsed twice: a 12 MB organization
  // took 1.25 GB, and a 30 MB one ran out of memory. Now its structure is read, and each policy parsed once and let go.
  const doc = (statement: unknown) => ({ Version: '2012-10-17', Statement: [statement] });
  const accounts: Record<string, unknown> = {};
  for (let a = 0; a < 4; a++) {
    const id = String(111122220000 + a);
    const users: Record<string, unknown> = {};
    for (let u = 0; u < 2500; u++) {
      users[`user${u}`] = {
        inlinePolicies: { data: doc({ Effect: 'Allow', Action: ['s3:GetObjekt', 's3:PutObject'], Resource: [`arn:aws:s3:::b-${a}-${u}/*`] }) },
      };
    }
    const resources: Record<string, unknown> = {};
    for (let b = 0; b < 500; b++) {
      const statement = {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${id}:role/partnr` },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::s-${a}-${b}/*`,
      };
      resources[`arn:aws:s3:::s-${a}-${b}`] = { policy: doc(statement) };
    }
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'sts:AssumeRole' });
    accounts[id] = { users, roles: { partner: { trustPolicy: trust } }, resources };
  }
  const text = JSON.stringify({ accounts }, null, 1);
  assert.ok(text.length > 3.5 * 1024 * 1024, `${text.length}`);
  const dir = workspace({ 'org.iam-model.json': text });
  const run = runBounded(['check', join(dir, 'org.iam-model.json')], { node: ['--max-old-space-size=96'] });
  assert.equal(run.killed, false);
  assertNoCrash(run, assert);
  assert.equal(run.code, 0, run.stderr.slice(0, 2000));
  assert.match(run.stdout, /^1 file checked: 0 errors, 12000 warnings, 0 suggestions$/m);
  // The validator's finding in the first user's policy and the model's in the last bucket's, each at its place.
  const lines = text.split('\n');
  const line = (fragment: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(fragment)) + 1;
  assert.match(run.stdout, new RegExp(`org\\.iam-model\\.json:${line('s3:GetObjekt')}:\\d+ warning unknownAction .*GetObjekt.*user user0\\)`));
  const lastBucket = line('"arn:aws:s3:::s-3-499"');
  assert.match(
    run.stdout,
    new RegExp(
      `org\\.iam-model\\.json:${line('role/partnr', lastBucket)}:\\d+ warning unknownPolicyPrincipal .*s-3-499 names .*Did you mean arn:aws:iam::111122220003:role/partner\\?`,
    ),
  );
});

test('check of a model with a value nested thousands deep says how deep, and still checks the policies beside it when it can', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] });
  const model = (depth: number) =>
    `{"accounts":{"111122223333":{"users":{"alice":{"inlinePolicies":{"p":${policy}}},"bob":{"tags":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}}}}}`;
  const dir = workspace({ 'deep.iam-model.json': model(10_000), 'deeper-than-read.iam-model.json': model(300) });
  const deep = runBounded(['check', join(dir, 'deep.iam-model.json')]);
  assertNoCrash(deep, assert);
  assert.equal(deep.code, 1, deep.stderr);
  assert.match(deep.stdout, /deep\.iam-model\.json:1:\d+ error tooDeep The JSON is nested 10006 levels deep/);
  // Nested past what is read but not past what a tree can be read to: the policy beside it is still checked.
  const deeper = runBounded(['check', join(dir, 'deeper-than-read.iam-model.json')]);
  assertNoCrash(deeper, assert);
  assert.match(deeper.stdout, /warning unknownAction The service 's3' has no action 'GetObjekt'/);
  assert.match(deeper.stdout, /error tooDeep The JSON is nested 306 levels deep/);
});
