// The TextMate grammar's own patterns, checked with JavaScript regular expressions (the patterns use only syntax
// that Oniguruma and JavaScript read alike), and the manifest wiring that points VS Code at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

interface Rule {
  match?: string;
  begin?: string;
  comment?: string;
  name?: string;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(join(repoRoot(), 'syntaxes/iam-policy.tmLanguage.json'), 'utf8')) as Grammar;

function pattern(group: string, commentStart: string): RegExp {
  const rule = grammar.repository[group]?.patterns?.find((p) => p.comment?.startsWith(commentStart));
  assert.ok(rule?.match, `${group}: ${commentStart}`);
  return new RegExp(`^${rule.match}$`);
}

test('actions are scoped as service prefix and action name, wildcards included; other strings are not', () => {
  const action = pattern('string-value', 'An action');
  for (const text of ['"s3:GetObject"', '"ec2:Describe*"', '"iam:?etUser"', '"access-analyzer:ValidatePolicy"']) assert.match(text, action);
  for (const text of ['"Allow"', '"arn:aws:s3:::bucket"', '"*"', '"s3:"']) assert.doesNotMatch(text, action);
  const m = action.exec('"s3:GetObject"');
  assert.equal(m?.[2], 's3');
  assert.equal(m?.[4], 'GetObject');
});

test('condition operators with set qualifiers and IfExists are keywords; an unknown operator is not', () => {
  const operator = pattern('key', 'Condition operators');
  for (const text of ['"StringEquals"', '"ForAnyValue:StringLikeIfExists"', '"ForAllValues:ArnNotLike"', '"Null"', '"NotIpAddress"', '"BoolIfExists"']) {
    assert.match(text, operator);
  }
  for (const text of ['"StringEqual"', '"ForSomeValues:StringEquals"', '"NullIfExists"']) assert.doesNotMatch(text, operator);
});

test('policy variables and element names have their own scopes', () => {
  const variables = grammar.repository['string-content']?.patterns?.find((p) => p.name?.startsWith('variable.other.policy-variable'));
  assert.ok(variables?.match);
  const variable = new RegExp(variables.match, 'g');
  assert.deepEqual('arn:aws:s3:::home/${aws:username}/${aws:PrincipalTag/team}/*'.match(variable), ['${aws:username}', '${aws:PrincipalTag/team}']);
  const elements = pattern('key', 'The policy grammar');
  for (const name of ['Version', 'Statement', 'Sid', 'Effect', 'NotPrincipal', 'NotResource', 'Condition']) assert.match(`"${name}"`, elements);
  assert.doesNotMatch('"Statements"', elements);
});

test('the manifest points the iam-policy language at this grammar and at the model and test schemas', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    contributes: {
      languages: { id: string; filenamePatterns: string[] }[];
      grammars: { language: string; scopeName: string; path: string }[];
      jsonValidation: { fileMatch: string[]; url: string }[];
    };
  };
  const language = pkg.contributes.languages.find((l) => l.id === 'iam-policy');
  assert.deepEqual(language?.filenamePatterns, ['*.iam.json', '*.policy.json']);
  const wired = pkg.contributes.grammars.find((g) => g.language === 'iam-policy');
  assert.equal(wired?.scopeName, grammar.scopeName);
  assert.equal(wired?.path, './syntaxes/iam-policy.tmLanguage.json');
  assert.deepEqual(
    pkg.contributes.jsonValidation.map((v) => [v.fileMatch[0], v.url]),
    [
      ['*.iam-model.json', './schemas/iam-model.schema.json'],
      ['*.iam-test.json', './schemas/iam-test.schema.json'],
    ],
  );
});

test('account models and test files open as JSON with comments, and their schemas allow what the loader accepts', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string; filenamePatterns?: string[] }[] };
  };
  // VS Code's own JSON mode reports comments as errors; the loader reads both files with comments and trailing commas.
  const jsonc = pkg.contributes.languages.find((l) => l.id === 'jsonc');
  assert.deepEqual(jsonc?.filenamePatterns, ['*.iam-model.json', '*.iam-test.json']);
  for (const name of ['iam-model.schema.json', 'iam-test.schema.json']) {
    const schema = JSON.parse(readFileSync(join(repoRoot(), 'schemas', name), 'utf8')) as { allowComments?: boolean; allowTrailingCommas?: boolean };
    assert.equal(schema.allowComments, true, name);
    assert.equal(schema.allowTrailingCommas, true, name);
  }
});
