// Class 3 of the hostile inputs: no file text in messages. A model may name any file; when that file is not a
// policy (a credentials file symlinked under a .json name), nothing but a short ordinary token of it may appear in
// what the command line prints, in any format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { quotableToken } from '../../server/src/iam/quotableToken';
import { assertNoCrash, runBounded, workspace } from './bounded';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIALS = `[default]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET}\n`;
const ALICE = 'arn:aws:iam::111111111111:user/alice';

/** Every piece of the secrets longer than the tokens a message may quote. */
function assertNoSecret(output: string): void {
  for (const secret of [ACCESS_KEY, SECRET, ...SECRET.split('/'), 'aws_secret_access_key', 'aws_access_key_id']) {
    assert.ok(!output.includes(secret), `the output quotes '${secret}':\n${output.slice(0, 3000)}`);
  }
}

function credentialsWorkspace(): string {
  const secrets = workspace({ credentials: CREDENTIALS });
  const dir = workspace({
    'm.iam-model.json': JSON.stringify({ accounts: { '111111111111': { policies: { P: './creds.json' }, users: { alice: { policies: ['P'] } } } } }, null, 1),
    't.iam-test.json': JSON.stringify({
      model: './m.iam-model.json',
      tests: [{ name: 't', principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allowed', sessionPolicies: ['./creds.json'] }],
    }),
  });
  symlinkSync(join(secrets, 'credentials'), join(dir, 'creds.json'));
  return dir;
}

test('a credentials file a model names as a policy is reported by position, never quoted', { skip: process.platform === 'win32' }, () => {
  const dir = credentialsWorkspace();
  const runs = [
    ['who-can', '--model', 'm.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
    ['who-can', '--model', 'm.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--format', 'json'],
    ['simulate', '--model', 'm.iam-model.json', '--principal', ALICE, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
    ['simulate', '--model', 'm.iam-model.json', '--principal', ALICE, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--format', 'json'],
    ['test', 't.iam-test.json'],
    ['test', '--format', 'json', 't.iam-test.json'],
    ['check', 'creds.json'],
    ['check', '--format', 'sarif', 'creds.json'],
    ['check', '--format', 'json', 'creds.json'],
  ];
  for (const args of runs) {
    const result = runBounded(args, { cwd: dir });
    assert.equal(result.killed, false, args.join(' '));
    assertNoCrash(result, assert);
    assert.notEqual(result.code, 0, `${args.join(' ')} reports the broken file`);
    assert.match(result.all, /creds\.json:\d+:\d+|"uri": "creds\.json"|"file": "creds\.json"/, args.join(' '));
    assertNoSecret(result.all);
  }
});

test('the tokens a message may quote are short ordinary words or punctuation', () => {
  for (const ok of ['Allow', 'deny', 'NULL', 'true', '=', '/', ']]']) assert.equal(quotableToken(ok), ok);
  for (const secret of [ACCESS_KEY, 'wJalrXUtnFEMI', 'K7MDENG', 'hunter2', 'ghp_abc', 'a'.repeat(17), '12345', 'aws_secret_access_key']) {
    assert.equal(quotableToken(secret), undefined, secret);
  }
});
