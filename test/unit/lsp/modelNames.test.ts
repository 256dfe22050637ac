import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Location } from 'vscode-languageserver-protocol';
import { Requests } from '../../../server/src/lsp/protocol';
import { caret, positionAt, startHarness } from './harness';

const MODEL = `{
  // names are completed and lead to their definitions
  "organization": { "id": "o-a1b2c3d4e5", "policies": { "DenyRegions": { "Version": "2012-10-17", "Statement": [] } },
    "root": { "id": "r-root", "scps": ["|"], "accounts": ["111111111111"] } },
  "accounts": { "111111111111": {
    "policies": { "ReadReports": "./read.json", "Boundary": "./read.json" },
    "groups": { "Developers": {}, "Auditors": {} },
    "users": { "alice": { "groups": ["Dev"], "policies": ["Read"], "permissionsBoundary": "Boundary" } },
  } },
}`;

test('a model completes the names it defines where a name is expected', async () => {
  const h = await startHarness({ files: { '/ws/read.json': '{"Version":"2012-10-17","Statement":[]}' } });
  const uri = 'file:///ws/names.iam-model.json';
  try {
    const { text, position } = caret(MODEL);
    await h.open(uri, text);
    // Organization policies in an OU's scps, with the default FullAWSAccess.
    assert.deepEqual((await h.completion(uri, position)).map((i) => i.label).sort(), ['DenyRegions', 'FullAWSAccess']);
    // Groups of the account in a user's groups, the whole string replaced.
    const groups = await h.completion(uri, positionAt(text, text.indexOf('"Dev"') + 4));
    assert.deepEqual(groups.map((i) => i.label).sort(), ['Auditors', 'Developers']);
    const edit = groups.find((i) => i.label === 'Developers')?.textEdit;
    assert.ok(edit && 'range' in edit);
    assert.equal(edit.newText, '"Developers"');
    assert.deepEqual(edit.range, { start: positionAt(text, text.indexOf('"Dev"')), end: positionAt(text, text.indexOf('"Dev"') + 5) });
    // Account policies in policies and permissionsBoundary.
    const policies = await h.completion(uri, positionAt(text, text.indexOf('"Read"') + 2));
    assert.deepEqual(policies.map((i) => i.label).sort(), ['Boundary', 'ReadReports']);
    // A key is a definition, not a reference: nothing is offered there.
    assert.deepEqual(await h.completion(uri, positionAt(text, text.indexOf('"alice"') + 2)), []);
  } finally {
    await h.close();
  }
});

test('go to definition leads from a name to the key that defines it', async () => {
  const h = await startHarness({ files: { '/ws/read.json': '{"Version":"2012-10-17","Statement":[]}' } });
  const uri = 'file:///ws/names.iam-model.json';
  try {
    const text = caret(MODEL).text.replace('"groups": ["Dev"]', '"groups": ["Auditors"]');
    await h.open(uri, text);
    const at = text.indexOf('"Auditors"]') + 3;
    const location = await h.client.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, at) });
    const key = text.indexOf('"Auditors": {}');
    assert.deepEqual(location, { uri, range: { start: positionAt(text, key), end: positionAt(text, key + '"Auditors"'.length) } });
    const boundary = await h.client.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(text, text.indexOf('"Boundary" }') + 2),
    });
    assert.deepEqual(boundary?.range.start, positionAt(text, text.indexOf('"Boundary": "./read.json"')));
    // The built-in FullAWSAccess and unknown names have no definition.
    const none = await h.client.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(text, text.indexOf('"alice"') + 2),
    });
    assert.equal(none, null);
  } finally {
    await h.close();
  }
});

test('a test file completes the principal with the principals of the loaded model, service principals included', async () => {
  const model =
    '{ "accounts": { "111111111111": { "users": { "alice": {} }, "roles": { "app": { "trustPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] } } } } } }';
  const h = await startHarness({ files: { '/ws/m.iam-model.json': model } });
  try {
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///ws/m.iam-model.json' });
    const uri = 'file:///ws/t.iam-test.json';
    const { text, position } = caret('{ "model": "./m.iam-model.json", "tests": [ { "name": "n", "principal": "arn:aws:iam::111111111111:|" } ] }');
    await h.open(uri, text);
    const labels = (await h.completion(uri, position)).map((i) => i.label);
    assert.ok(labels.includes('arn:aws:iam::111111111111:user/alice'), labels.join(', '));
    assert.ok(labels.includes('arn:aws:iam::111111111111:role/app'), labels.join(', '));
    const items = await h.completion(uri, position);
    assert.equal(items.find((i) => i.label === 'ec2.amazonaws.com')?.detail, 'ec2.amazonaws.com (service principal)');
    assert.equal(items.find((i) => i.label === 'arn:aws:iam::111111111111:user/alice')?.detail, 'alice (user, 111111111111)');
    // Go to definition from a test's principal lands on its declaration in the model.
    const withAlice = text.replace('arn:aws:iam::111111111111:"', 'arn:aws:iam::111111111111:user/alice"');
    await h.change(uri, withAlice);
    const location = await h.client.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(withAlice, withAlice.indexOf('user/alice')),
    });
    assert.equal(location?.uri, 'file:///ws/m.iam-model.json');
    assert.deepEqual(location?.range.start, positionAt(model, model.indexOf('"alice"')));
  } finally {
    await h.close();
  }
});

test("a test file's principal completes and goes to definition from the model the test names, with no model loaded or configured", async () => {
  const model = '{ "accounts": { "111111111111": { "users": { "alice": {} } } } }';
  const other = '{ "accounts": { "222222222222": { "users": { "zed": {} } } } }';
  const h = await startHarness({ files: { '/ws/team/m.iam-model.json': model, '/ws/other.iam-model.json': other } });
  try {
    // Another model is the current one: the test's own model is still the one asked.
    await h.client.sendRequest(Requests.loadModel, { uri: 'file:///ws/other.iam-model.json' });
    const uri = 'file:///ws/team/t.iam-test.json';
    const { text, position } = caret('{ "model": "./m.iam-model.json", "tests": [ { "name": "n", "principal": "arn:aws:iam::|" } ] }');
    await h.open(uri, text);
    const labels = (await h.completion(uri, position)).map((i) => i.label);
    assert.ok(labels.includes('arn:aws:iam::111111111111:user/alice'), labels.join(', '));
    assert.ok(!labels.includes('arn:aws:iam::222222222222:user/zed'), labels.join(', '));
    const withAlice = text.replace('arn:aws:iam::"', 'arn:aws:iam::111111111111:user/alice"');
    await h.change(uri, withAlice);
    const location = await h.client.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(withAlice, withAlice.indexOf('user/alice')),
    });
    assert.equal(location?.uri, 'file:///ws/team/m.iam-model.json');
  } finally {
    await h.close();
  }
});

test("go to definition from a test's principal written as a name the model makes unique, or a session of a role", async () => {
  const model = '{ "accounts": { "111111111111": { "users": { "alice": {} }, "roles": { "Dev": {} } } } }';
  const h = await startHarness({ files: { '/ws/m.iam-model.json': model } });
  try {
    const uri = 'file:///ws/t.iam-test.json';
    const text = '{ "model": "./m.iam-model.json", "tests": [ { "name": "n", "principal": "alice" }, { "name": "s", "principal": "Dev/build-42" } ] }';
    await h.open(uri, text);
    const definitionAt = (needle: string) =>
      h.client.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, text.indexOf(needle) + 2) });
    const alice = await definitionAt('"alice"');
    assert.equal(alice?.uri, 'file:///ws/m.iam-model.json');
    assert.deepEqual(alice?.range.start, positionAt(model, model.indexOf('"alice"')));
    const session = await definitionAt('"Dev/build-42"');
    assert.deepEqual(session?.range.start, positionAt(model, model.indexOf('"Dev"')));
  } finally {
    await h.close();
  }
});

test("go to definition from a test's principal named as the template names it (app-reader), or by its ARN, lands in the template", async () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppReader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-reader
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;
  const h = await startHarness({ files: { '/ws/stack.yaml': template } });
  try {
    const uri = 'file:///ws/t.iam-test.json';
    const text = '{ "model": "./stack.yaml", "tests": [ { "name": "n", "principal": "app-reader" } ] }';
    await h.open(uri, text);
    const request = (written: string) =>
      h.client.sendRequest<Location | null>('textDocument/definition', {
        textDocument: { uri },
        position: positionAt(text.replace('app-reader', written), text.indexOf('app-reader') + 2),
      });
    const byName = await request('app-reader');
    assert.equal(byName?.uri, 'file:///ws/stack.yaml');
    // The template's role, at the logical id of the resource that declares it (not inside its trust policy).
    assert.deepEqual(byName?.range, {
      start: positionAt(template, template.indexOf('AppReader:')),
      end: positionAt(template, template.indexOf(':\n    Type')),
    });
    // The same place as the role's ARN leads to.
    const arn = 'arn:aws:iam::123456789012:role/app-reader';
    await h.change(uri, text.replace('app-reader', arn));
    const byArn = await request(arn);
    assert.ok(byArn, 'the ARN leads to the template too');
    assert.deepEqual(byName, byArn);
  } finally {
    await h.close();
  }
});

test("go to definition from a test's principal lands on the resource of a template an account model includes, SAM's function roles too", async () => {
  const app = `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-app
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
`;
  const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  GetOrderFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
`;
  const model = '{ "accounts": { "123456789012": { "templates": ["./infra/app.yaml", "./sam/template.yaml"], "users": { "carol": {} } } } }';
  const h = await startHarness({ files: { '/ws/infra/app.yaml': app, '/ws/sam/template.yaml': sam, '/ws/account.iam-model.json': model } });
  try {
    const uri = 'file:///ws/tests/t.iam-test.json';
    const text =
      '{ "model": "../account.iam-model.json", "tests": [ { "name": "a", "principal": "orders-app" }, { "name": "b", "principal": "GetOrderFnRole" }, { "name": "c", "principal": "carol" } ] }';
    await h.open(uri, text);
    const definitionAt = (needle: string) =>
      h.client.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, text.indexOf(needle) + 2) });
    const role = await definitionAt('"orders-app"');
    assert.deepEqual(role, {
      uri: 'file:///ws/infra/app.yaml',
      range: { start: positionAt(app, app.indexOf('AppRole')), end: positionAt(app, app.indexOf('AppRole') + 7) },
    });
    const samRole = await definitionAt('"GetOrderFnRole"');
    assert.deepEqual(samRole, {
      uri: 'file:///ws/sam/template.yaml',
      range: { start: positionAt(sam, sam.indexOf('GetOrderFn:')), end: positionAt(sam, sam.indexOf('GetOrderFn:') + 10) },
    });
    // The model's own user still leads to its key in the model.
    const carol = await definitionAt('"carol"');
    assert.equal(carol?.uri, 'file:///ws/account.iam-model.json');
    assert.deepEqual(carol?.range.start, positionAt(model, model.indexOf('"carol"')));
  } finally {
    await h.close();
  }
});

test('paths in a model and a test file complete to the workspace files that fit, relative to the file', async () => {
  const policy = '{"Version":"2012-10-17","Statement":[]}';
  const h = await startHarness({
    files: {
      '/work/team/policies/dev.json': policy,
      '/work/team/policies/ec2-trust.json': policy,
      '/work/org/deny-regions.json': policy,
      '/work/team/team.iam-test.json': '{}',
      '/work/team/notes.txt': 'not a policy',
      '/work/team/stack.yaml': 'Resources: {}',
      '/work/team/infra/main.tf': 'resource "aws_iam_role" "r" {}',
    },
  });
  const modelUri = 'file:///work/team/team.iam-model.json';
  try {
    const model =
      '{\n  "organization": { "policies": { "DenyRegions": "../|" } },\n  "accounts": { "111111111111": {\n    "policies": { "Dev": "./" },\n    "roles": { "app": { "trustPolicy": "" } }\n  } }\n}';
    const { text, position } = caret(model);
    h.files.set('/work/team/team.iam-model.json', text);
    await h.open(modelUri, text);
    // Policy documents only (no test file, no text file, no template), the nearest first, the folder above too.
    const scp = await h.completion(modelUri, position);
    assert.deepEqual(
      scp.map((i) => i.label),
      ['./policies/dev.json', './policies/ec2-trust.json', '../org/deny-regions.json'],
    );
    const edit = scp[2]?.textEdit;
    assert.ok(edit && 'range' in edit);
    assert.equal(edit.newText, '"../org/deny-regions.json"');
    const quote = text.indexOf('"../"');
    assert.deepEqual(edit.range, { start: positionAt(text, quote), end: positionAt(text, quote + 5) });
    // An account policy and a trust policy are paths too.
    assert.equal((await h.completion(modelUri, positionAt(text, text.indexOf('"./"') + 2))).length, 3);
    assert.equal((await h.completion(modelUri, positionAt(text, text.indexOf('"trustPolicy": ""') + 16))).length, 3);
    // A test file's model: the account models first, then what else can be one (a YAML template, a Terraform folder).
    const testUri = 'file:///work/team/team.iam-test.json';
    const tests = caret('{ "model": "|", "tests": [] }');
    await h.open(testUri, tests.text);
    assert.deepEqual(
      (await h.completion(testUri, tests.position)).map((i) => i.label),
      ['./team.iam-model.json', './infra', './stack.yaml'],
    );
  } finally {
    await h.close();
  }
});

test("an account's templates complete to the templates of the workspace, as a string or an entry's path", async () => {
  const h = await startHarness({
    files: {
      '/work/infra/stack.yaml': 'Resources: {}',
      '/work/infra/main.tf': 'resource "aws_iam_role" "r" {}',
      '/work/infra/policies/dev.json': '{}',
      '/work/other.iam-model.json': '{}',
    },
  });
  const modelUri = 'file:///work/m.iam-model.json';
  try {
    const text = '{ "accounts": { "111111111111": { "templates": ["./", { "path": "./i" }] } } }';
    h.files.set('/work/m.iam-model.json', text);
    await h.open(modelUri, text);
    const items = await h.completion(modelUri, positionAt(text, text.indexOf('"./"') + 2));
    const asString = items.map((i) => i.label);
    // A Terraform module is its folder: offered once, as a folder, instead of its .tf files one by one.
    assert.ok(asString.includes('./infra/stack.yaml') && asString.includes('./infra'), asString.join(', '));
    assert.ok(!asString.includes('./infra/main.tf') && !asString.includes('./other.iam-model.json'), asString.join(', '));
    assert.equal(items.find((i) => i.label === './infra')?.kind, 19 /* CompletionItemKind.Folder */);
    const asPath = (await h.completion(modelUri, positionAt(text, text.indexOf('"./i"') + 3))).map((i) => i.label);
    assert.ok(asPath.includes('./infra/stack.yaml'), asPath.join(', '));
  } finally {
    await h.close();
  }
});
