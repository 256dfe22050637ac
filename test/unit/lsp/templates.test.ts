// The language server inside templates: diagnostics at the template's ranges naming their policy, quick fixes that
// edit YAML and HCL as YAML and HCL, Terraform once the grammar has loaded, and no claim on other YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { messageOf, startHarness } from './harness';

const SAM = readFileSync(join(repoRoot(), 'test', 'fixtures', 'templates', 'sam-app.yaml'), 'utf8');

function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
}

test('a SAM template in YAML: diagnostics at the template text, naming the policy, and a quick fix in YAML', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  try {
    await h.open('file:///project/template.yaml', SAM, 'yaml');
    const diagnostics = await h.diagnostics('file:///project/template.yaml');
    const unknown = diagnostics.filter((d) => d.code === 'unknownAction');
    assert.deepEqual(
      unknown.map((d) => textAt(SAM, d.range)),
      ['GetObjects', 'SendMesage'],
    );
    assert.match(
      messageOf(unknown[0] ?? { message: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }),
      /in inline policy ReadData of AWS::IAM::Role AppRole$/,
    );
    const actions = await h.codeActions(
      'file:///project/template.yaml',
      unknown[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      unknown.slice(0, 1),
    );
    const edit = actions[0]?.edit?.changes?.['file:///project/template.yaml']?.[0];
    assert.ok(edit, JSON.stringify(actions));
    assert.equal(edit.newText, 'GetObject');
    assert.equal(textAt(SAM, edit.range), 'GetObjects');
  } finally {
    await h.close();
  }
});

test('other YAML and JSON get nothing from us', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  try {
    await h.open('file:///project/ci.yaml', 'name: build\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n', 'yaml');
    assert.deepEqual(await h.diagnostics('file:///project/ci.yaml'), []);
  } finally {
    await h.close();
  }
});

test('a Terraform file: diagnostics once the grammar has loaded', async () => {
  const h = await startHarness({ catalog: realCatalog(), hclParser: loadHclParser });
  const text =
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]\n  })\n}\n';
  try {
    await h.open('file:///project/main.tf', text, 'terraform');
    await loadHclParser();
    // The server hears of the grammar through a promise of its own: ask again until it has (bounded).
    let found: string[] = [];
    for (let attempt = 0; attempt < 200 && found.length === 0; attempt++) {
      found = (await h.diagnostics('file:///project/main.tf')).filter((d) => d.code === 'unknownAction').map((d) => textAt(text, d.range));
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(found, ['GetObjekt']);
  } finally {
    await h.close();
  }
});

test('hover inside a YAML template: an action says what it grants, at its range in the template', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  try {
    await h.open('file:///project/template.yaml', SAM, 'yaml');
    const lines = SAM.split('\n');
    const line = lines.findIndex((l) => l.includes('- s3:ListBucket'));
    const character = (lines[line] ?? '').indexOf('ListBucket') + 3;
    const hover = await h.hover('file:///project/template.yaml', { line, character });
    assert.ok(hover, 'a hover on the action');
    const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
    assert.match(value, /ListBucket/);
    assert.equal(hover.range?.start.line, line);
    // Outside any policy (a resource's name property): nothing.
    const nameLine = lines.findIndex((l) => l.includes('RoleName: app-reader'));
    assert.equal(await h.hover('file:///project/template.yaml', { line: nameLine, character: 18 }), null);
  } finally {
    await h.close();
  }
});

test('completion inside a YAML scalar: actions of the service, replacing what is typed, without quotes', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  const text = SAM.replace('- s3:GetObjects', '- s3:GetObj');
  try {
    await h.open('file:///project/template.yaml', text, 'yaml');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('- s3:GetObj'));
    const character = (lines[line] ?? '').indexOf('GetObj') + 'GetObj'.length;
    const items = await h.completion('file:///project/template.yaml', { line, character });
    const item = items.find((i) => i.label === 'GetObject' || i.label === 's3:GetObject');
    assert.ok(
      item,
      items
        .map((i) => i.label)
        .slice(0, 20)
        .join(', '),
    );
    const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
    assert.equal(edit.range.start.line, line);
    assert.doesNotMatch(edit.newText, /"/);
    const edited = (lines[line] ?? '').slice(0, edit.range.start.character) + edit.newText + (lines[line] ?? '').slice(edit.range.end.character);
    assert.match(edited, /- s3:GetObject$/);
  } finally {
    await h.close();
  }
});

test('a .tf file is read with the other .tf files of its folder: a variable declared there resolves, and an edit there re-validates', async () => {
  const main =
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:${var.verb}", Resource = "*" }]\n  })\n}\n';
  const variables = (verb: string) => `variable "verb" {\n  default = "${verb}"\n}\n`;
  // variables.tf is on disk only: the folder's other files are read as the command line reads a module.
  const h = await startHarness({
    catalog: realCatalog(),
    hclParser: loadHclParser,
    files: { '/project/variables.tf': variables('GetObjekt'), '/project/main.tf': main },
  });
  try {
    await h.open('file:///project/main.tf', main, 'terraform');
    await loadHclParser();
    const unknownActions = async (): Promise<string[]> =>
      (await h.diagnostics('file:///project/main.tf')).filter((d) => d.code === 'unknownAction').map((d) => textAt(main, d.range));
    let found: string[] = [];
    for (let attempt = 0; attempt < 200 && found.length === 0; attempt++) {
      found = await unknownActions();
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The misspelt action comes from the variable's default in the other file: reported where main.tf uses it.
    assert.deepEqual(found, ['"s3:${var.verb}"']);
    // Opened and corrected in the editor (unsaved): main.tf's diagnostics follow.
    await h.open('file:///project/variables.tf', variables('GetObjekt'), 'terraform');
    await h.change('file:///project/variables.tf', variables('GetObject'));
    assert.deepEqual(await unknownActions(), []);
  } finally {
    await h.close();
  }
});

test('an open model that includes a Terraform folder loses its "grammar not loaded" error once the grammar has loaded', async () => {
  const main = [
    'resource "aws_iam_role" "app" {',
    '  name = "app"',
    '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
    '}',
    '',
  ].join('\n');
  const model = JSON.stringify({ accounts: { '123456789012': { templates: ['./infra'] } } }, null, 2);
  const uri = 'file:///work/m.iam-model.json';
  const h = await startHarness({ files: { '/work/infra/main.tf': main, '/work/m.iam-model.json': model }, hclParser: loadHclParser });
  try {
    await h.open(uri, model);
    await loadHclParser();
    // The grammar loads once the model asks for it; the model's own diagnostics must then be worked out again.
    let errors = (await h.diagnostics(uri)).filter((d) => d.severity === 1);
    for (let attempt = 0; attempt < 200 && errors.length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      errors = (await h.diagnostics(uri)).filter((d) => d.severity === 1);
    }
    assert.deepEqual(
      errors.map((d) => d.message),
      [],
    );
  } finally {
    await h.close();
  }
});

test('typing in a YAML template: after each edit the diagnostics are those of the same text opened afresh', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  try {
    const uri = 'file:///project/template.yaml';
    await h.open(uri, SAM, 'yaml');
    await h.diagnostics(uri);
    // Inside one resource (re-read alone), across resources, and adding a resource (read whole).
    const versions = [
      SAM.replace('Action: s3:GetObject', 'Action: s3:GetObjectt'),
      SAM.replace('Action: s3:GetObject', 'Action: s3:GetObjectt').replace(
        '- Effect: Allow\n              Action: sqs:SendMesage',
        '- Effect: Alow\n              Action: sqs:SendMesage',
      ),
      SAM.replace('Action: sqs:SendMesage', 'Action: sqs:SendMessage'),
      `${SAM}  Extra:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjekt\n            Resource: "*"\n`,
    ];
    for (const [index, text] of versions.entries()) {
      assert.notEqual(text, SAM);
      await h.change(uri, text);
      const fresh = `file:///project/fresh-${index}.yaml`;
      await h.open(fresh, text, 'yaml');
      assert.deepEqual(await h.diagnostics(uri), await h.diagnostics(fresh), `version ${index}`);
    }
  } finally {
    await h.close();
  }
});

const CONDITIONS_YAML = `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: Data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  Bool:
                    aws:SecureTransport: "true"
                  StringEquals:
                    aws:RequestRegion: us-east-1
`;

test("completion in a JSON template's literal policy offers what a policy file does, quoted keys and items included", async () => {
  const h = await startHarness({ catalog: realCatalog() });
  const statement = { Effect: 'Allow', Action: [], Resource: '*' };
  const text = JSON.stringify(
    { Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } } } },
    null,
    2,
  );
  const uri = 'file:///project/literal.json';
  try {
    await h.open(uri, text, 'json');
    const lines = text.split('\n');
    // In an empty Action list the policy file's completion inserts a quoted service prefix; after an element, a quoted key.
    const newTexts = async (needle: string, shift: number) => {
      const line = lines.findIndex((l) => l.includes(needle));
      const items = await h.completion(uri, { line, character: (lines[line] ?? '').indexOf(needle) + shift });
      return items.map((i) => (i.textEdit as { newText: string } | undefined)?.newText ?? '');
    };
    assert.ok((await newTexts('"Action": []', '"Action": ['.length)).includes('"s3:"'));
    assert.ok((await newTexts('"Effect": "Allow",', '"Effect": "Allow",'.length)).some((t) => t.startsWith('"Sid": ')));
  } finally {
    await h.close();
  }
});

test('condition operators and keys inside a template (YAML and JSON): hover and completion as in a policy file, fixes without added quotes', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  const json = JSON.stringify(
    {
      Resources: {
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            Policies: [
              {
                PolicyName: 'Data',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
                },
              },
            ],
          },
        },
      },
    },
    null,
    2,
  );
  try {
    for (const [uri, text] of [
      ['file:///project/stack.yaml', CONDITIONS_YAML],
      ['file:///project/stack.json', json],
    ] as const) {
      await h.open(uri, text, uri.endsWith('.json') ? 'json' : 'yaml');
      const lines = text.split('\n');
      const at = (needle: string, shift: number) => {
        const line = lines.findIndex((l) => l.includes(needle));
        return { line, character: (lines[line] ?? '').indexOf(needle) + shift };
      };
      const hoverText = async (needle: string) => {
        const hover = await h.hover(uri, at(needle, 3));
        return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      };
      assert.match(await hoverText('aws:SecureTransport'), /SecureTransport/, `${uri}: hover on the key`);
      assert.match(await hoverText('Bool'), /Bool/, `${uri}: hover on the operator`);
      const keys = await h.completion(uri, at('aws:SecureTransport', 'aws:Sec'.length));
      const secure = keys.find((i) => i.label === 'aws:SecureTransport');
      assert.ok(secure, `${uri}: the key is completed`);
      assert.doesNotMatch((secure.textEdit as { newText: string }).newText, /"/);
      const operators = await h.completion(uri, at('Bool', 2));
      assert.ok(
        operators.some((i) => i.label === 'Bool'),
        `${uri}: the operator is completed`,
      );
    }
    // The quick fix for a misspelt key in YAML replaces its characters, adding no quotes.
    const uri = 'file:///project/stack.yaml';
    const diagnostic = (await h.diagnostics(uri)).find((d) => textAt(CONDITIONS_YAML, d.range).includes('aws:RequestRegion'));
    assert.ok(diagnostic, 'the misspelt key is reported');
    const actions = await h.codeActions(uri, diagnostic.range, [diagnostic]);
    const edits = actions.flatMap((a) => a.edit?.changes?.[uri] ?? []);
    const fix = edits.find((e) => e.newText.includes('aws:RequestedRegion'));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.equal(fix.newText, 'aws:RequestedRegion');
  } finally {
    await h.close();
  }
});
