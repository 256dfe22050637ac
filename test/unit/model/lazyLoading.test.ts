// A model keeps each policy document as a span and parses it when a request first reaches it. Loaded that way it must
// answer exactly as a model whose every file is read in full and every document parsed at load: the same decisions,
// traces (statement spans included), explanations and the ranges they point at, and the same load diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { decideRequest, evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { ModelHost } from '../../../server/src/iam/model/modelTypes';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { repoRoot } from '../helpers/repoRoot';
import { memoryHost } from './memoryHost';
import { GENERATED_ACTIONS, generatedModelText, generatedResources } from '../helpers/generatedModel';
import { GAAD_EXPORT } from './gaadFixture';
import { answers, outline, padded, TEST_OPTIONS as options } from './modelAnswers';
import { LineIndex } from '../../../server/src/iam/span';
import { JsonReader } from '../../../server/src/iam/model/jsonReader';
import { MODEL_READING } from '../../../server/src/iam/model/modelReading';
import { ValueNode } from '../../../server/src/iam/model/valueTree';
import { scanExport } from '../../../server/src/iam/model/exportScanner';
import { MAX_NESTING_DEPTH } from '../../../server/src/iam/parser/parsePolicy';

function compare(file: string, host: ModelHost, actions: readonly string[], resources: readonly string[]): void {
  const lazy = loadModel(file, host);
  const eager = loadModel(file, host, { eager: true });
  assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  // Principals asked for one at a time, before the model lists them (each is built when a request first reaches it).
  const one = loadModel(file, host).model;
  for (const principal of eager.model.principals()) {
    const request = { principal: principal.arn, action: actions[0] ?? '', resource: resources[0] ?? '' };
    assert.deepEqual(evaluate(one, request, options), evaluate(eager.model, request, options), principal.arn);
    assert.deepEqual(outline(one.principal(principal.arn)), outline(principal), principal.arn);
  }
  assert.ok(lazy.model.principals().length > 0);
  assert.deepEqual(answers(lazy.model, actions, resources), answers(eager.model, actions, resources));
}

test('the example organization answers the same loaded lazily or eagerly', () => {
  const resources = ['arn:aws:s3:::app-bucket/reports/q1.csv', 'arn:aws:s3:::audit-logs/2026/a.log', 'arn:aws:kms:eu-west-1:111111111111:key/app', '*'];
  compare(
    join(repoRoot(), 'examples/organization.iam-model.json'),
    createNodeModelHost(loadManagedPolicyStore()),
    ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'iam:CreateUser', 'sts:AssumeRole'],
    resources,
  );
});

test('a generated organization answers the same loaded lazily or eagerly', () => {
  const file = '/w/generated.iam-model.json';
  compare(file, memoryHost({ [file]: generatedModelText(5, 60) }), GENERATED_ACTIONS.slice(0, 4), generatedResources().slice(0, 6));
});

test('an authorization-details export, on its own or named by a model, answers the same either way', () => {
  const exportText = JSON.stringify(GAAD_EXPORT, null, 2);
  const model = JSON.stringify({ accounts: { '123456789012': { authorizationDetails: './gaad.json' } } });
  const host = memoryHost({ '/w/gaad.json': exportText, '/w/m.iam-model.json': model });
  for (const file of ['/w/gaad.json', '/w/m.iam-model.json'])
    compare(file, host, ['s3:GetObject', 'ec2:StartInstances', 'iam:PassRole'], ['arn:aws:s3:::b/k', '*']);
});

test('a model with comments is read in full, and still answers the same', () => {
  const file = '/w/c.iam-model.json';
  const text = `// hand-written\n${generatedModelText(9, 12)}`;
  compare(file, memoryHost({ [file]: text }), ['s3:GetObject'], ['arn:aws:s3:::bucket-0/reports/q1.csv']);
});

/** An export as text, changed by `edit`: the quirks below are what real and hand-edited exports hold. */
function exportVariant(edit: (text: string) => string): string {
  return edit(JSON.stringify(GAAD_EXPORT, null, 1));
}

test('an export scanned straight from its text answers as one read as a tree, quirks included', () => {
  const variants: { readonly name: string; readonly text: string; readonly scanned: boolean }[] = [
    { name: 'as exported', text: exportVariant((t) => t), scanned: true },
    { name: 'compact, with paging keys', text: exportVariant((t) => JSON.stringify({ IsTruncated: false, Marker: 'm', ...JSON.parse(t) })), scanned: true },
    // The first of a key given twice is the one read, as in the tree.
    { name: 'a key twice', text: exportVariant((t) => t.replace('"UserName": "carol",', '"UserName": "carol",\n "UserName": "mallory",')), scanned: true },
    {
      name: 'no default version',
      text: exportVariant((t) =>
        t.replace(/"IsDefaultVersion": true/g, '"IsDefaultVersion": false').replace(/"DefaultVersionId": "v\d"/g, '"DefaultVersionId": "v9"'),
      ),
      scanned: true,
    },
    {
      name: 'odd list entries',
      text: exportVariant((t) => t.replace('"GroupList": [', '"GroupList": [7, {"a": 1},').replace('"Tags": []', '"Tags": {"k": "v"}')),
      scanned: true,
    },
    {
      name: 'a URL-encoding error',
      text: exportVariant((t) => t.replace(/"AssumeRolePolicyDocument": "%7B/, '"AssumeRolePolicyDocument": "%E0%7B')),
      scanned: true,
    },
    { name: 'a key spelled with an escape', text: exportVariant((t) => t.replace('"RoleName":', '"Role\\u004eame":')), scanned: true },
    // What a user's or role's draft reads from the text only when a request reaches it (`EntityRecord.parts`).
    {
      name: 'parts read on demand: a tag key twice, a nameless inline policy, one without a document, escapes',
      text: exportVariant((t) =>
        t
          .replace('"Key": "cost-center",', '"Key": "cost-center", "Key": "ignored", "Value": "first",')
          .replace('"PolicyName": "carol-inline",', '"PolicyName": "carol-\\u0069nline", "Extra": [1, {"a": null}],')
          .replace('"UserPolicyList": [', '"UserPolicyList": [{"PolicyDocument": {"Version": "2012-10-17", "Statement": []}}, {"PolicyName": "empty"}, 3,'),
      ),
      scanned: true,
    },
    {
      name: 'a number with an exponent in a document',
      text: exportVariant((t) => t.replace('"Version": "2012-10-17"', '"Version": "2012-10-17", "N": -1.5e3')),
      scanned: true,
    },
    { name: 'a raw tab inside a string', text: exportVariant((t) => t.replace('"carol-inline"', '"carol\tinline"')), scanned: false },
    { name: 'a list given twice', text: exportVariant((t) => t.replace('{', '{"Policies": [],')), scanned: false },
    { name: 'a number as a tag value', text: exportVariant((t) => t.replace('"Value": "42"', '"Value": 42')), scanned: false },
    { name: 'a document that is a number', text: exportVariant((t) => t.replace(/"PolicyDocument": \{/, '"PolicyDocument": 5, "x": {')), scanned: false },
    {
      name: 'a list that is not a list',
      text: exportVariant((t) => t.replace('"GroupDetailList": [', '"GroupDetailList": {"a": [').replace(/\]\s*,\s*"RoleDetailList"/, ']}, "RoleDetailList"')),
      scanned: false,
    },
    {
      name: 'another array at the top',
      text: exportVariant((t) => t.replace('{', '{"Extra": [{"Arn": "arn:aws:iam::999999999999:user/x"}],')),
      scanned: false,
    },
    { name: 'a trailing comma', text: exportVariant((t) => t.replace('"GroupList": [', '"GroupList": [1,],"x": [')), scanned: false },
  ];
  for (const variant of variants) {
    assert.equal(scanExport(variant.text, MAX_NESTING_DEPTH) !== undefined, variant.scanned, variant.name);
    const model = JSON.stringify({ accounts: { '210987654321': { authorizationDetails: './gaad.json' } } });
    const host = memoryHost({ '/w/gaad.json': variant.text, '/w/m.iam-model.json': model });
    for (const file of ['/w/gaad.json', '/w/m.iam-model.json']) {
      compare(file, host, ['s3:GetObject', 'sqs:SendMessage', 'iam:PassRole'], ['arn:aws:s3:::b/k', '*']);
    }
  }
});

test('deciding only, a model with more policies than stay compiled decides as evaluate does, pass after pass', () => {
  // More documents than the deciding forms start with (16): forms are dropped, compiled again and the slots grow.
  const file = '/w/many.iam-model.json';
  const host = memoryHost({ [file]: generatedModelText(21, 400) });
  const lazy = loadModel(file, host).model;
  const eager = loadModel(file, host, { eager: true }).model;
  const actions = GENERATED_ACTIONS.slice(0, 3);
  const resources = generatedResources().slice(0, 2);
  let decided = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const principal of lazy.principals()) {
      for (const action of actions) {
        for (const resource of resources) {
          const request = { principal: principal.arn, action, resource, context: { 'aws:SecureTransport': 'true' } };
          assert.equal(decideRequest(lazy, request, options), evaluate(eager, request, options).decision, `${principal.arn} ${action} ${resource}`);
          decided++;
        }
      }
    }
  }
  assert.ok(decided > 2000, `only ${decided} requests`);
});

test('a principal asked for again after many others answers as before, and the listed principals are the ones looked up', () => {
  // More principals than stay built after a first ask (64): the second pass builds each again, and keeps it.
  const file = '/w/many.iam-model.json';
  const host = memoryHost({ [file]: generatedModelText(21, 400) });
  const lazy = loadModel(file, host).model;
  const eager = loadModel(file, host, { eager: true }).model;
  const arns = eager.principals().map((p) => p.arn);
  assert.ok(arns.length > 200, `only ${arns.length} principals`);
  const request = (principal: string) => ({ principal, action: GENERATED_ACTIONS[0] ?? '', resource: generatedResources()[0] ?? '' });
  const second = new Map<string, unknown>();
  for (let pass = 0; pass < 3; pass++) {
    for (const arn of arns) {
      const asked = lazy.principal(arn);
      // A test's checks and its evaluation ask in turn: they meet the same principal.
      assert.equal(lazy.principal(arn), asked, arn);
      assert.deepEqual(outline(asked), outline(eager.principal(arn)), `${arn}, pass ${pass}`);
      assert.deepEqual(evaluate(lazy, request(arn), options), evaluate(eager, request(arn), options), `${arn}, pass ${pass}`);
      // Asked again after many others, a principal is kept for good: the third pass meets the second's.
      if (pass === 1) second.set(arn, asked);
      if (pass === 2) assert.equal(asked, second.get(arn), `${arn} is built again`);
    }
  }
  const listed = lazy.principals();
  listed.forEach((principal) => assert.equal(lazy.principal(principal.arn), principal, principal.arn));
});

/**
 * A model's text made long enough to be read with JSON.parse (valueTree.ts), as a large model is, by a description at
 * its top; the reader takes that path (asserted, so that these tests cannot pass on the tree alone).
 */
function large(file: string, text: string): string {
  const long = padded(text);
  assert.ok(new JsonReader(file, long, [], MODEL_READING).tree instanceof ValueNode);
  return long;
}

test('a large generated organization, read with JSON.parse, answers as the model read in full does', () => {
  const file = '/w/large.iam-model.json';
  compare(file, memoryHost({ [file]: large(file, generatedModelText(5, 60)) }), GENERATED_ACTIONS.slice(0, 4), generatedResources().slice(0, 6));
});

/** A model in plain JSON (read with JSON.parse) with a mistake of each kind its reader reports, and a good part. */
function modelWithMistakes(): string {
  const allow = (action: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const model = {
    accounts: {
      '111111111111': {
        policies: { Reader: allow('s3:GetObject', 'arn:aws:s3:::b/*') },
        users: {
          alice: { policies: ['Reader'], inlinePolicies: { Own: allow('s3:PutObject', 'arn:aws:s3:::b/alice/*') } },
          bob: { policies: ['Raeder'], path: 'team', tags: { level: 3 } },
          carol: {
            groups: ['nobody'],
            colour: 'blue',
            inlinePolicies: { Odd: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: 7 } } },
          },
        },
        roles: { app: { trustPolicy: allow('sts:AssumeRole', '*'), permissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchPolicy' } },
        resources: { 'arn:aws:s3:::b': { policy: allow('s3:GetObject', 'arn:aws:s3:::b/*') }, 'not-an-arn': {} },
      },
    },
  };
  return JSON.stringify(model, null, 2);
}

test('a large plain-JSON model with mistakes reports each where it is, as the model read in full does, and answers the same', () => {
  const file = '/w/mistakes.iam-model.json';
  const text = large(file, modelWithMistakes());
  const host = memoryHost({ [file]: text });
  compare(file, host, ['s3:GetObject', 's3:PutObject', 'sts:AssumeRole'], ['arn:aws:s3:::b/alice/x', '*']);
  const { diagnostics } = loadModel(file, host);
  const at = (fragment: string): string => {
    const position = new LineIndex(text).position(text.indexOf(fragment));
    return `${position.line + 1}:${position.character + 1}`;
  };
  const where = (code: string) =>
    diagnostics
      .filter((d) => d.code === code)
      .map((d) => `${new LineIndex(text).position(d.span.offset).line + 1}:${new LineIndex(text).position(d.span.offset).character + 1}`);
  // What a user sees: file:line:column at the very characters at fault.
  assert.deepEqual(where('unknownKey'), [at('"colour"')]);
  assert.deepEqual(where('invalidPath'), [at('"team"')]);
  assert.deepEqual(where('invalidArn'), [at('"not-an-arn"')]);
  assert.ok(where('danglingReference').includes(at('"Raeder"')));
  assert.ok(where('danglingReference').includes(at('"nobody"')));
  assert.ok(diagnostics.every((d) => d.file === file && typeof d.span.offset === 'number'));
});

test('a large model with a key given twice is read as a tree, so the duplicate is reported where it is', () => {
  const file = '/w/twice.iam-model.json';
  const text = padded(modelWithMistakes().replace('"path": "team"', '"path": "team", "path": "/team/"'));
  assert.equal(new JsonReader(file, text, [], MODEL_READING).tree instanceof ValueNode, false);
  const host = memoryHost({ [file]: text });
  compare(file, host, ['s3:GetObject'], ['arn:aws:s3:::b/alice/x']);
  const duplicate = loadModel(file, host).diagnostics.find((d) => d.code === 'duplicateKey');
  assert.equal(duplicate?.span.offset, text.indexOf('"path": "/team/"'));
});

test("a large model's documents are read from their own text: a key twice, an escape, a number or a refused character inside one answers as the model read in full", () => {
  // The structure of a large model is read as values and its documents are left as text, each read when a request
  // reaches it; whatever a document holds that its value alone would read differently is read with positions instead.
  const allow = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] });
  const model = {
    accounts: {
      '111111111111': {
        users: {
          twice: { inlinePolicies: { Twice: allow({ Action: 'TWICE' }) } },
          escaped: { inlinePolicies: { Escaped: allow({ Action: 's3:GetObject' }) } },
          numbered: { inlinePolicies: { Numbered: allow({ Action: 's3:GetObject', Condition: { NumericLessThan: { 's3:max-keys': 5 } } }) } },
          refused: { inlinePolicies: { Refused: allow({ Action: 's3:GetObject', Sid: 'snow☃man' }) } },
          plain: { inlinePolicies: { Plain: allow({ Action: 's3:PutObject' }) } },
        },
      },
    },
  };
  const file = '/w/documents.iam-model.json';
  const written = JSON.stringify(model, null, 2)
    // JSON.parse keeps the last of a key given twice: the tree keeps both, and the reading must be the tree's.
    .replace('"Action": "TWICE"', '"Action": "s3:GetObject", "Action": "s3:PutObject"')
    .replace('"Escaped": {', '"Escaped": {"Ver\\u0073ion": "2008-10-17", ');
  assert.ok(written.includes('"Ver\\u0073ion"') && written.includes('"Action": "s3:GetObject", "Action"') && written.includes('☃'));
  const text = large(file, written);
  const host = memoryHost({ [file]: text });
  compare(file, host, ['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::b/x']);
  const lazy = loadModel(file, host).model;
  const eager = loadModel(file, host, { eager: true }).model;
  for (const principal of eager.principals()) {
    for (const action of ['s3:GetObject', 's3:PutObject']) {
      const request = { principal: principal.arn, action, resource: 'arn:aws:s3:::b/x', context: { 's3:max-keys': '3' } };
      assert.equal(decideRequest(lazy, request, options), evaluate(eager, request, options).decision, `${principal.arn} ${action}`);
    }
  }
});

test('a large model whose document breaks strict JSON is read in full, and the break reported where it is', () => {
  const file = '/w/broken.iam-model.json';
  const text = padded(modelWithMistakes().replace('"Resource": "arn:aws:s3:::b/alice/*"', '"Resource" "arn:aws:s3:::b/alice/*"'));
  assert.equal(new JsonReader(file, text, [], MODEL_READING).tree instanceof ValueNode, false);
  const { diagnostics } = loadModel(file, memoryHost({ [file]: text }));
  const syntax = diagnostics.find((d) => d.code === 'syntax');
  assert.equal(syntax?.span.offset, text.indexOf(' "arn:aws:s3:::b/alice/*"') + 1, JSON.stringify(diagnostics.map((d) => d.message)));
});
