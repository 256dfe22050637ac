import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realCatalog, realManagedPolicies } from '../helpers/realCatalog';
import type { DocumentSymbol, FoldingRange, Position } from 'vscode-languageserver-protocol';
import { positionAt, startHarness, type Harness } from './harness';
import { checkCodeActions, checkCompletions, checkDiagnostics, checkFolding, checkHover, checkSymbols } from './lspShapes';

/**
 * Asks every handler about one state of the document and checks each answer against the LSP types and what VS Code
 * accepts; returns the problems, each prefixed with `where`.
 */
async function everyAnswer(h: Harness, uri: string, text: string, position: Position, where: string): Promise<string[]> {
  const document = { textDocument: { uri } };
  const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
  const [diagnostics, items, hover, symbols, folding] = await Promise.all([
    h.diagnostics(uri),
    h.completion(uri, position),
    h.hover(uri, position),
    h.client.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', document),
    h.client.sendRequest<FoldingRange[] | null>('textDocument/foldingRange', document),
  ]);
  const actions = await h.codeActions(uri, whole, diagnostics);
  return [
    ...checkDiagnostics(text, diagnostics),
    ...checkCompletions(text, position, items),
    ...checkHover(text, hover),
    ...checkSymbols(text, symbols),
    ...checkFolding(text, folding),
    ...checkCodeActions(text, uri, actions),
  ].map((p) => `${where}: ${p}`);
}

/**
 * The states an editor with auto-closing brackets and quotes goes through while a text is typed: each opening
 * `{`, `[` or `"` brings its closer, which the typed closer then types over. So a new key starts as `""` (empty),
 * a statement as `{}`, and every state but the last lacks commas and values.
 */
function autoClosedStates(text: string): { text: string; offset: number }[] {
  const states: { text: string; offset: number }[] = [];
  const pending: string[] = [];
  let inString = false;
  for (let i = 1; i <= text.length; i++) {
    const ch = text[i - 1] as string;
    const escaped = inString && text[i - 2] === '\\';
    if (inString) {
      if (ch === '"' && !escaped) {
        inString = false;
        if (pending[pending.length - 1] === '"') pending.pop();
      }
    } else if (ch === '"') {
      inString = true;
      pending.push('"');
    } else if (ch === '{' || ch === '[') {
      pending.push(ch === '{' ? '}' : ']');
    } else if ((ch === '}' || ch === ']') && pending[pending.length - 1] === ch) {
      pending.pop();
    }
    const prefix = text.slice(0, i);
    states.push({ text: prefix + [...pending].reverse().join(''), offset: prefix.length });
  }
  return states;
}

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
      assert.deepEqual(await everyAnswer(h, uri, text, position, `keystroke ${i}`), []);
    }
    // The finished policy is clean enough to have no errors, and completion was useful along the way.
    const final = await h.diagnostics(uri);
    assert.deepEqual(
      final.filter((d) => d.severity === 1).map((d) => d.message),
      [],
    );
    assert.ok(completions > POLICY.length / 4, `completion offered something at ${completions} of ${POLICY.length} keystrokes`);
    assert.deepEqual(
      h.logs.filter((l) => /failed/.test(l)),
      [],
      'no handler failed',
    );
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
      assert.deepEqual(await everyAnswer(h, uri, text, position, `keystroke ${i}`), []);
    }
    const final = await h.diagnostics(uri);
    assert.deepEqual(
      final.filter((d) => d.severity === 1).map((d) => d.message),
      [],
    );
    assert.deepEqual(
      h.logs.filter((l) => /failed/.test(l)),
      [],
      'no handler failed',
    );
  } finally {
    await h.close();
  }
});

test('typing in an editor that closes brackets and quotes (empty keys, missing commas): every answer is valid LSP', async () => {
  const h = await startHarness({ catalog: realCatalog() });
  const uri = 'file:///ws/autoclosed.json';
  try {
    await h.open(uri, '', 'iam-policy');
    const states = autoClosedStates(POLICY);
    assert.ok(
      states.some((s) => /\{\s*""\}/.test(s.text.slice(0, s.offset + 2))),
      'the replay goes through an empty key',
    );
    for (const [i, state] of states.entries()) {
      await h.change(uri, state.text);
      assert.deepEqual(await everyAnswer(h, uri, state.text, positionAt(state.text, state.offset), `keystroke ${i + 1}`), []);
    }
    assert.deepEqual(
      h.logs.filter((l) => /failed/.test(l)),
      [],
      'no handler failed',
    );
  } finally {
    await h.close();
  }
});
