// A command that answers a request or two (simulate) loads a large model account by account: each account's section is
// read when a request first reaches it. Loaded that way the model must answer exactly as one read at once (decisions,
// explanations and the ranges they point at), list the same principals, resources, groups and policies in the same
// order, and report the same problems, each when its account is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { ModelDiagnostic, ModelHost, ModelPrincipal } from '../../../server/src/iam/model/modelTypes';
import { GENERATED_ACCOUNTS, GENERATED_ACTIONS, generatedModelText, generatedResources } from '../helpers/generatedModel';
import { memoryHost } from './memoryHost';
import { GAAD_EXPORT } from './gaadFixture';
import { answers, listings, outline, padded, TEST_OPTIONS as options } from './modelAnswers';

const ON_DEMAND = { accountsOnDemand: true };

/** Diagnostics in a stable order: an account's are reported when it is read, which a request decides. */
function sorted(diagnostics: readonly ModelDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.span.offset}+${d.span.length} ${d.severity} ${d.code} ${d.message}`).sort();
}

/** A generated organization whose last account has a key no section has: said when that account is read. */
function organizationMarkedLast(): { file: string; host: ModelHost; last: string } {
  const file = '/w/generated.iam-model.json';
  const last = GENERATED_ACCOUNTS[GENERATED_ACCOUNTS.length - 1] as string;
  const text = padded(generatedModelText(5, 60)).replace(`"${last}": {`, `"${last}": { "colour": "blue",`);
  return { file, host: memoryHost({ [file]: text }), last };
}

test('a large organization read account by account answers as the model read at once, and lists the same', () => {
  // The last account's mistake is said when that account is read, which proves the others were not.
  const { file, host, last } = organizationMarkedLast();
  const eager = loadModel(file, host, { eager: true });
  const onDemand = loadModel(file, host, ON_DEMAND);
  assert.deepEqual(
    eager.diagnostics.map((d) => d.code),
    ['unknownKey'],
  );
  assert.equal(onDemand.diagnostics.length, 0, 'no account is read at load');
  // Principals asked for one at a time, last account first, so that accounts are read out of the model's order.
  const principals = [...eager.model.principals()].reverse();
  const first = principals[0] as ModelPrincipal;
  assert.equal(first.accountId, last);
  assert.ok(onDemand.model.principal(first.arn));
  assert.equal(onDemand.diagnostics.length, 1, 'the account of the first principal asked for is read');
  for (const principal of principals) {
    const request = { principal: principal.arn, action: GENERATED_ACTIONS[0] ?? '', resource: generatedResources()[0] ?? '' };
    assert.deepEqual(evaluate(onDemand.model, request, options), evaluate(eager.model, request, options), principal.arn);
    assert.deepEqual(outline(onDemand.model.principal(principal.arn)), outline(principal), principal.arn);
  }
  assert.deepEqual(listings(onDemand.model), listings(eager.model));
  assert.deepEqual(sorted(onDemand.diagnostics), sorted(eager.diagnostics));
  const actions = GENERATED_ACTIONS.slice(0, 3);
  const resources = generatedResources().slice(0, 4);
  assert.deepEqual(answers(loadModel(file, host, ON_DEMAND).model, actions, resources), answers(eager.model, actions, resources));
});

const allow = (action: string, resource: string, principal?: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(principal ? { Principal: principal } : {}) }],
});

/**
 * Accounts a request reaches, and others with mistakes: a key no section has and a policy that is not there (222…),
 * a key given twice (333…, which a reading as values refuses), a bucket another account's user reads (444…), a queue
 * listed under an account its ARN does not name (555…), a bucket whose name is written with an escape (666…).
 */
function organizationWithMistakes(): string {
  const alice = 'arn:aws:iam::111111111111:user/alice';
  const model = {
    accounts: {
      '111111111111': { users: { alice: { inlinePolicies: { All: allow('*', '*') } } } },
      // Bob's policy names the shared bucket: that is no definition of it, and no reason to read his account.
      '222222222222': { users: { bob: { policies: ['Raeder'], colour: 'blue', inlinePolicies: { List: allow('s3:ListBucket', 'arn:aws:s3:::shared') } } } },
      '333333333333': { users: { carol: { path: 'TWICE', inlinePolicies: { S3: allow('s3:*', '*') } } } },
      '444444444444': { resources: { 'arn:aws:s3:::shared': { policy: allow('s3:GetObject', 'arn:aws:s3:::shared/*', { AWS: alice }) } } },
      '555555555555': {
        resources: { 'arn:aws:sqs:eu-west-1:111111111111:queue': { policy: allow('sqs:SendMessage', '*', { AWS: 'arn:aws:iam::999999999999:root' }) } },
      },
      '666666666666': { resources: { 'arn:aws:s3:::ESCAPED': { policy: allow('s3:GetObject', 'arn:aws:s3:::escaped/*', { AWS: alice }) } } },
    },
  };
  return padded(
    JSON.stringify(model, null, 2).replace('"path": "TWICE"', '"path": "/a/", "path": "/b/"').replace('"arn:aws:s3:::ESCAPED"', '"arn:aws:s3:::esc\\u0061ped"'),
  );
}

test("a request reaches only its accounts: what is wrong in the others is reported when they are read, and every answer is the model's", () => {
  const file = '/w/mistakes.iam-model.json';
  const text = organizationWithMistakes();
  const host = memoryHost({ [file]: text });
  const eager = loadModel(file, host, { eager: true });
  const { model, diagnostics } = loadModel(file, host, ON_DEMAND);
  assert.equal(diagnostics.length, 0, 'no account is read at load');
  const same = (principal: string, action: string, resource: string): void => {
    const request = { principal, action, resource };
    assert.deepEqual(evaluate(model, request, options), evaluate(eager.model, request, options), `${principal} ${action} ${resource}`);
  };
  // Alice reads the shared bucket, which another account lists with its policy.
  same('arn:aws:iam::111111111111:user/alice', 's3:GetObject', 'arn:aws:s3:::shared/report.csv');
  assert.equal(
    evaluate(model, { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::shared/r' }, options).decision,
    'allowed',
  );
  assert.equal(diagnostics.length, 0, 'the accounts reached are in order');
  // A queue listed under an account its ARN does not name is still that account's, with its warning.
  same('arn:aws:iam::999999999999:user/x', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111111111111:queue');
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['accountMismatch'],
  );
  // A bucket whose name is written with an escape is found all the same.
  same('arn:aws:iam::111111111111:user/alice', 's3:GetObject', 'arn:aws:s3:::escaped/k');
  // The account with a key given twice is read as a tree: the duplicate is reported where it is.
  same('arn:aws:iam::333333333333:user/carol', 's3:GetObject', 'arn:aws:s3:::shared/k');
  const duplicate = diagnostics.find((d) => d.code === 'duplicateKey');
  assert.equal(duplicate?.span.offset, text.indexOf('"path": "/b/"'));
  // Bob's account was not reached: its problems are not known yet; listing the principals reads it.
  assert.ok(!diagnostics.some((d) => d.code === 'unknownKey'));
  assert.deepEqual(
    model.principals().map((p) => p.arn),
    eager.model.principals().map((p) => p.arn),
  );
  assert.ok(diagnostics.some((d) => d.code === 'unknownKey' && d.span.offset === text.indexOf('"colour"')));
  assert.deepEqual(sorted(diagnostics), sorted(eager.diagnostics));
});

test('of two accounts that list one resource, the later in the model holds it, whichever a request reads first, and the listing is said to be doubled', () => {
  const file = '/w/twice.iam-model.json';
  const queue = 'arn:aws:sqs:eu-west-1:222222222222:queue';
  const outsider = 'arn:aws:iam::999999999999:root';
  const model = {
    accounts: {
      '111111111111': { resources: { [queue]: { policy: allow('sqs:SendMessage', '*', { AWS: outsider }) } }, colour: 'blue' },
      '222222222222': { users: { bob: {} }, resources: { [queue]: { policy: allow('sqs:ReceiveMessage', '*', { AWS: outsider }) } } },
    },
  };
  const host = memoryHost({ [file]: padded(JSON.stringify(model, null, 2)) });
  const eager = loadModel(file, host, { eager: true }).model;
  const { model: onDemand, diagnostics } = loadModel(file, host, ON_DEMAND);
  // Bob's account is read first, then the queue's search reads the other.
  assert.ok(onDemand.principal('arn:aws:iam::222222222222:user/bob'));
  assert.equal(diagnostics.length, 0, 'the first account is not read for bob');
  for (const action of ['sqs:SendMessage', 'sqs:ReceiveMessage']) {
    const request = { principal: 'arn:aws:iam::999999999999:user/x', action, resource: queue };
    assert.deepEqual(evaluate(onDemand, request, options), evaluate(eager, request, options), action);
  }
  assert.equal(onDemand.resource(queue)?.accountId, '222222222222');
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['unknownKey', 'accountMismatch', 'duplicateResource'],
  );
  // Said at the listing the model uses, the same as when every account is read at once, in the model's order.
  const doubled = diagnostics.find((d) => d.code === 'duplicateResource');
  const text = host.readFile(file) as string;
  assert.equal(doubled?.span.offset, text.lastIndexOf(`"${queue}"`));
  assert.equal(
    doubled?.message,
    `The resource ${queue} is also listed under account 111111111111, earlier in the model; a resource has one owner, and a later listing replaces an earlier one.`,
  );
  assert.deepEqual(sorted(diagnostics), sorted(loadModel(file, host, { eager: true }).diagnostics));
});

test('a resource listed under three accounts: each pair said once, at the later listing, in whatever order the accounts are read', () => {
  const file = '/w/thrice.iam-model.json';
  const bucket = 'arn:aws:s3:::shared-reports';
  const ids = ['111111111111', '222222222222', '333333333333'];
  const accounts = Object.fromEntries(ids.map((id) => [id, { users: { [`user${id[0]}`]: {} }, resources: { [bucket]: {} } }]));
  const text = padded(JSON.stringify({ accounts }, null, 2));
  const host = memoryHost({ [file]: text });
  const listing = (id: string) => text.indexOf(`"${bucket}"`, text.indexOf(`"${id}": {`));
  const said = (diagnostics: readonly ModelDiagnostic[]) =>
    diagnostics
      .filter((d) => d.code === 'duplicateResource')
      .map((d) => `${ids.find((id) => listing(id) === d.span.offset) ?? d.span.offset} names ${/account (\d{12})/.exec(d.message)?.[1]}`)
      .sort();
  const expected = ['222222222222 names 111111111111', '333333333333 names 111111111111', '333333333333 names 222222222222'];
  assert.deepEqual(said(loadModel(file, host, { eager: true }).diagnostics), expected);
  // The last account first, then the first, then the bucket (which reads the one left); and the first, the last, then the bucket.
  for (const order of [
    ['333333333333', '111111111111'],
    ['111111111111', '333333333333'],
  ]) {
    const { model, diagnostics } = loadModel(file, host, ON_DEMAND);
    for (const id of order) assert.ok(model.principal(`arn:aws:iam::${id}:user/user${id[0]}`));
    assert.equal(model.resource(`${bucket}/q1.csv`)?.accountId, '333333333333', 'the latest listing holds it');
    assert.deepEqual(said(diagnostics), expected, order.join(' then '));
  }
});

test('an account that includes a template or an export is read at load: what they define is not in the model text', () => {
  const file = '/w/included.iam-model.json';
  const bob = 'arn:aws:iam::222222222222:user/bob';
  const model = {
    accounts: {
      '111111111111': { templates: ['stack.yaml'] },
      '222222222222': { users: { bob: { inlinePolicies: { S3: allow('s3:*', '*') } } } },
      '333333333333': { authorizationDetails: './gaad.json' },
    },
  };
  const host: ModelHost = {
    ...memoryHost({ [file]: padded(JSON.stringify(model, null, 2)), '/w/gaad.json': JSON.stringify(GAAD_EXPORT) }),
    // The template's model: a bucket whose policy denies everyone.
    readTemplateModel: (_path, { account }) =>
      JSON.stringify({ accounts: { [account]: { resources: { 'arn:aws:s3:::shared': { policy: allow('s3:GetObject', '*', '*') } } } } }).replace(
        '"Allow"',
        '"Deny"',
      ),
  };
  const eager = loadModel(file, host, { eager: true }).model;
  const onDemand = loadModel(file, host, ON_DEMAND).model;
  const same = (principal: string, resource: string): void => {
    const request = { principal, action: 's3:GetObject', resource };
    assert.deepEqual(evaluate(onDemand, request, options), evaluate(eager, request, options), `${principal} ${resource}`);
  };
  same(bob, 'arn:aws:s3:::shared/k');
  assert.equal(evaluate(onDemand, { principal: bob, action: 's3:GetObject', resource: 'arn:aws:s3:::shared/k' }, options).decision, 'explicitDeny');
  // The export's users have the ARNs it writes, of its own account.
  for (const principal of eager.principals().filter((p) => p.accountId === '333333333333')) same(principal.arn, 'arn:aws:s3:::b/k');
});

test('a role session and a service principal are answered without reading accounts the request does not reach', () => {
  const file = '/w/sessions.iam-model.json';
  const model = {
    accounts: {
      '111111111111': {
        roles: {
          App: { path: '/apps/', trustPolicy: allow('sts:AssumeRole', '*', { Service: 'ec2.amazonaws.com' }), inlinePolicies: { S3: allow('s3:*', '*') } },
        },
      },
      '222222222222': { users: { bob: {} }, colour: 'blue' },
    },
  };
  const host = memoryHost({ [file]: padded(JSON.stringify(model, null, 2)) });
  const eager = loadModel(file, host, { eager: true }).model;
  const { model: onDemand, diagnostics } = loadModel(file, host, ON_DEMAND);
  for (const principal of ['arn:aws:sts::111111111111:assumed-role/App/build-42', 'ec2.amazonaws.com']) {
    const action = principal.startsWith('arn:') ? 's3:GetObject' : 'sts:AssumeRole';
    const resource = principal.startsWith('arn:') ? 'arn:aws:s3:::b/k' : 'arn:aws:iam::111111111111:role/apps/App';
    const request = { principal, action, resource };
    assert.deepEqual(evaluate(onDemand, request, options), evaluate(eager, request, options), principal);
  }
  assert.equal(diagnostics.length, 0, "bob's account is not read");
});

test('many resources sought read every account left instead of searching the text for each, and answer as before', () => {
  const { file, host } = organizationMarkedLast();
  const eager = loadModel(file, host, { eager: true });
  const onDemand = loadModel(file, host, ON_DEMAND);
  // Objects of buckets no account lists: each is sought twice (the object, its bucket), and found nowhere.
  const nowhere = (i: number) => `arn:aws:s3:::nowhere-${i}/key`;
  for (let i = 0; i < 16; i++) assert.equal(onDemand.model.resource(nowhere(i)), undefined);
  assert.equal(onDemand.diagnostics.length, 0, 'the searches of 32 ARNs read no account');
  assert.equal(onDemand.model.resource(nowhere(16)), undefined);
  assert.deepEqual(
    onDemand.diagnostics.map((d) => d.code),
    ['unknownKey'],
    'the 33rd ARN sought reads every account left',
  );
  for (const resource of generatedResources()) assert.equal(onDemand.model.resource(resource)?.arn, eager.model.resource(resource)?.arn, resource);
  assert.deepEqual(listings(onDemand.model), listings(eager.model));
});
