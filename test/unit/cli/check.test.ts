// `iam-policy-lab check` end to end: the built CLI bundle run as a child process, as users and CI run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

const cli = join(repoRoot(), 'out', 'bundle', 'cli.js');

function check(args: string[], cwd: string, input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'check', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    input: input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  const killed = result.signal ? `killed by ${result.signal}${result.error ? ` (${result.error.message})` : ''}\n` : '';
  return { code: result.status, stdout: result.stdout, stderr: `${killed}${result.stderr}` };
}

function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-check-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const GOOD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }, null, 2);
// "effect" is miscased on line 5 (one-based), column 7.
const BAD = GOOD.replace('"Effect"', '"effect"');
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

test('a clean policy exits 0 with a summary', () => {
  const dir = workspace({ 'good.json': GOOD });
  const run = check(['good.json'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^1 file checked: 0 errors, 0 warnings, 0 suggestions\n$/);
});

test('an error exits 1 and prints file:line:col severity code message', () => {
  const dir = workspace({ 'bad.json': BAD });
  const run = check(['bad.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^bad\.json:5:7 error unknownElement 'effect' is not a policy element .*Effect.* \[INVALID_POLICY_ELEMENT\]$/m);
  assert.match(run.stdout, /1 file checked: 1 error/);
});

test('--format json prints the documented shape with zero-based ranges', () => {
  const dir = workspace({ 'bad.json': BAD, 'trust.json': TRUST });
  const run = check(['--format', 'json', 'bad.json', 'trust.json'], dir);
  assert.equal(run.code, 1);
  const reports = JSON.parse(run.stdout) as unknown[];
  assert.deepEqual(reports, [
    {
      file: 'bad.json',
      type: 'identity',
      diagnostics: [
        {
          code: 'unknownElement',
          awsCode: 'INVALID_POLICY_ELEMENT',
          severity: 'error',
          message: "'effect' is not a policy element in a statement. Element names are case-sensitive: write 'Effect'.",
          range: { start: { line: 4, character: 6 }, end: { line: 4, character: 14 } },
        },
      ],
    },
    { file: 'trust.json', type: 'trust', diagnostics: [] },
  ]);
});

test('--format sarif writes SARIF 2.1.0 with rules, help and one-based regions', () => {
  const dir = workspace({ 'bad.json': BAD });
  const run = check(['--format=sarif', 'bad.json'], dir);
  assert.equal(run.code, 1);
  const log = JSON.parse(run.stdout) as {
    version: string;
    runs: { tool: { driver: { name: string; rules: { id: string; help: { text: string } }[] } }; results: Record<string, unknown>[] }[];
  };
  assert.equal(log.version, '2.1.0');
  const sarifRun = log.runs[0];
  assert.ok(sarifRun);
  assert.equal(sarifRun.tool.driver.name, 'iam-policy-lab');
  const rule = sarifRun.tool.driver.rules.find((r) => r.id === 'unknownElement');
  assert.ok(rule && rule.help.text.length > 0);
  assert.equal(sarifRun.results.length, 1);
  const result = sarifRun.results[0] as {
    ruleId: string;
    ruleIndex: number;
    level: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
  };
  assert.equal(result.ruleId, 'unknownElement');
  assert.equal(sarifRun.tool.driver.rules[result.ruleIndex]?.id, 'unknownElement');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0]?.physicalLocation, {
    artifactLocation: { uri: 'bad.json' },
    region: { startLine: 5, startColumn: 7, endLine: 5, endColumn: 15 },
  });
});

test("--format sarif describes a model's and a template's findings as what they are, not as an internal error", () => {
  const dir = workspace({
    // A misspelt key in a model, a test file of that model, and a template that is not YAML.
    'm.iam-model.json': JSON.stringify({ accounts: { '111111111111': { userz: {} } } }),
    't.iam-test.json': JSON.stringify({
      model: './m.iam-model.json',
      tests: [{ name: 'x', principal: 'arn:aws:iam::111111111111:user/nobody', action: 's3:GetObject', resource: '*', expect: 'allowed' }],
    }),
    'stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Role:\n    Type: AWS::IAM::Role\n   Properties: [\n',
  });
  const run = check(['--format=sarif', 'm.iam-model.json', 't.iam-test.json', 'stack.yaml'], dir);
  const log = JSON.parse(run.stdout) as {
    runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
  };
  const sarifRun = log.runs[0];
  assert.ok(sarifRun);
  const described = (id: string) => sarifRun.tool.driver.rules[sarifRun.results.find((r) => r.ruleId === id)?.ruleIndex ?? -1]?.shortDescription.text ?? '';
  assert.match(described('unknownKey'), /A key the format does not define/, run.stdout);
  assert.match(described('modelHasErrors'), /model has errors, so its tests are not run/, run.stdout);
  assert.match(described('templateSyntax'), /The template itself .* has a syntax error/, run.stdout);
  for (const rule of sarifRun.tool.driver.rules) assert.doesNotMatch(rule.shortDescription.text, /rule failed/, rule.id);
});

test('folders: walks *.json, skips node_modules and dot-folders, and with auto skips JSON that is not a policy', () => {
  const dir = workspace({
    'policies/a.json': BAD,
    'policies/nested/trust.json': TRUST,
    'policies/package.json': '{ "name": "x", "version": "1.0.0" }',
    'policies/notes.txt': 'not json',
    'policies/node_modules/dep/bad.json': BAD,
    'policies/.cache/bad.json': BAD,
    'policies/broken.json': '{ "Statement": [ { "Effect": "Allow" ',
  });
  const run = check(['--format', 'json', 'policies'], dir);
  const files = (JSON.parse(run.stdout) as { file: string }[]).map((r) => r.file).sort();
  assert.deepEqual(files, [join('policies', 'a.json'), join('policies', 'broken.json'), join('policies', 'nested', 'trust.json')]);
  const text = check(['policies'], dir);
  assert.equal(text.code, 1);
  assert.match(text.stdout, new RegExp(`^skipped ${join('policies', 'package.json').replace(/\./g, '\\.')}: not a policy document$`, 'm'));
  assert.match(text.stdout, /3 files checked: .* \(1 skipped\)/);
});

test('folders with an explicit --type check every *.json file as that type', () => {
  const dir = workspace({ 'policies/package.json': '{ "name": "x" }' });
  const run = check(['--type', 'identity', '--format', 'json', 'policies'], dir);
  assert.equal(run.code, 1);
  const [report] = JSON.parse(run.stdout) as { type: string; diagnostics: { code: string }[] }[];
  assert.equal(report?.type, 'identity');
  assert.ok(report?.diagnostics.some((d) => d.code === 'missingStatement'));
});

test('a file named on the command line is checked even when it does not look like a policy', () => {
  const dir = workspace({ 'package.json': '{ "name": "x" }' });
  const run = check(['package.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /package\.json:1:1 error missingStatement/);
});

test('bad usage exits 2 with a message on stderr', () => {
  const dir = workspace({ 'good.json': GOOD });
  for (const args of [[], ['--type', 'bucket', 'good.json'], ['--frobnicate', 'good.json'], ['--format']]) {
    const run = check(args, dir);
    assert.equal(run.code, 2, `args ${args.join(' ')}`);
    assert.match(run.stderr, /^iam-policy-lab check: /);
    assert.equal(run.stdout, '');
  }
});

test('--help documents the bad-input behaviour and exits 0', () => {
  const run = check(['--help'], tmpdir());
  assert.equal(run.code, 0);
  assert.match(run.stdout, /binary file/);
  assert.match(run.stdout, /Exit codes/);
});

test('an empty file is a jsonSyntax error, exit 1', () => {
  const dir = workspace({ 'empty.json': '' });
  const run = check(['empty.json'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^empty\.json:1:1 error jsonSyntax The document is empty/m);
});

test('a binary file is an input error naming the file; the other files are still checked; exit 2', () => {
  const dir = workspace({ 'a.bin.json': new Uint8Array([0x7b, 0x00, 0x01, 0x02, 0x7d]), 'b.json': BAD });
  const run = check(['a.bin.json', 'b.json'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^iam-policy-lab check: a\.bin\.json: binary file \(NUL byte at offset 1\)/m);
  assert.match(run.stdout, /b\.json:5:7 error unknownElement/);
});

test('invalid UTF-8 is an input error with the offset of the bad byte, exit 2', () => {
  const bytes = Buffer.concat([Buffer.from('{"Version": "2012-10-17", "Id": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
  const dir = workspace({ 'latin1.json': bytes });
  const run = check(['latin1.json'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /latin1\.json: not valid UTF-8 \(first bad byte at offset 36\)/);
});

test('a UTF-8 byte-order mark is ignored', () => {
  const dir = workspace({ 'bom.json': `\uFEFF${GOOD}` });
  assert.equal(check(['bom.json'], dir).code, 0);
});

test('a missing file and a broken link in a folder are reported; the rest is checked; exit 2', () => {
  const dir = workspace({ 'policies/good.json': GOOD });
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'policies', 'dangling.json'));
  const run = check(['missing.json', 'policies'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /missing\.json: no such file or folder/);
  assert.match(run.stderr, /dangling\.json: no such file or folder/);
  assert.match(run.stdout, /1 file checked: 0 errors, .*2 input errors/);
});

test('JSON nested 10,000 levels deep is reported, not a stack overflow', () => {
  const deep = `{"Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const dir = workspace({ 'deep.json': deep });
  const run = check(['deep.json'], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /deep\.json:1:\d+ error jsonSyntax .*nested/);
});

// The timeout only catches a hang or a quadratic rule; speed is measured by `npm run bench`.
test('a 10 MB policy is checked, with one size finding', { timeout: 180_000 }, () => {
  const statement = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::reports/*' };
  const statements = [];
  let size = 0;
  for (let i = 0; size < 10_000_000; i++) {
    const s = { Sid: `S${i}`, ...statement, Resource: `arn:aws:s3:::reports-${i}/*` };
    size += JSON.stringify(s).length + 6;
    statements.push(s);
  }
  const dir = workspace({ 'big.json': JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) });
  const run = check(['--format', 'json', 'big.json'], dir);
  assert.equal(run.code, 0, run.stderr);
  const [report] = JSON.parse(run.stdout) as { diagnostics: { code: string; severity: string }[] }[];
  // Far over the 6,144-character quota of a managed policy: exactly one size finding, a warning for identity policies.
  assert.deepEqual(
    report?.diagnostics.filter((d) => d.code === 'policySize').map((d) => d.severity),
    ['warning'],
  );
});

test('"-" reads a policy from standard input', () => {
  const run = check(['-'], tmpdir(), BAD);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^-:5:7 error unknownElement/m);
});

test('--severity changes or turns off a rule; unknown rules and levels are usage errors', () => {
  const dir = workspace({ 'bad.json': BAD });
  const lowered = check(['--severity', 'unknownElement=warning', 'bad.json'], dir);
  assert.equal(lowered.code, 0);
  assert.match(lowered.stdout, /bad\.json:5:7 warning unknownElement/);
  const off = check(['-s', 'unknownElement=off', 'bad.json'], dir);
  assert.equal(off.code, 0);
  assert.doesNotMatch(off.stdout, /unknownElement/);
  for (const setting of ['noSuchRule=off', 'unknownElement=loud']) {
    const run = check(['--severity', setting, 'bad.json'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`--severity ${setting}`));
  }
});

test('characters outside the BMP are named whole: an emoji is one character, U+1F600, never two halves', () => {
  const emoji = '\u{1F600}';
  const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"${emoji}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`;
  const dir = workspace({ 'p.json': policy, 'two.json': policy.replace(`"${emoji}"`, `"A${emoji}${emoji}\u4e2d\u00e9"`) });
  const run = check(['p.json'], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /invalidSid The Sid '\u{1F600}' contains '\u{1F600}': /u);
  assert.match(run.stdout, /invalidCharacter .*found U\+1F600\.$/mu, 'one character, so no "(and 1 more)"');
  assert.doesNotMatch(run.stdout, /U\+D83D|\uFFFD/, 'no half of a surrogate pair, which prints as the replacement character');
  // A run of refused characters is counted in characters: two emoji and a CJK character are three.
  const more = check(['two.json'], dir);
  assert.match(more.stdout, /found U\+1F600 \(and 2 more\)\./, more.stdout);
  assert.match(more.stdout, /contains '\u{1F600}', '\u4e2d', '\u00e9': /u, more.stdout);
});

test('a file that cannot be read is in the JSON and SARIF too, as an unreadableFile error of its own, not only on stderr', () => {
  const dir = workspace({ 'good.json': GOOD, 'latin1.json': new Uint8Array([0x7b, 0xe9, 0x7d]) });
  const json = check(['--format=json', 'good.json', 'missing.json', 'latin1.json'], dir);
  assert.equal(json.code, 2);
  const reports = JSON.parse(json.stdout) as { file: string; type: string; diagnostics: { code: string; severity: string; message: string }[] }[];
  const unreadable = reports.filter((r) => r.type === 'unreadable');
  assert.deepEqual(
    unreadable.map((r) => [r.file, r.diagnostics.map((d) => [d.code, d.severity])]),
    [
      ['missing.json', [['unreadableFile', 'error']]],
      ['latin1.json', [['unreadableFile', 'error']]],
    ],
  );
  assert.match(unreadable[1]?.diagnostics[0]?.message ?? '', /not valid UTF-8/);
  assert.ok(reports.some((r) => r.file === 'good.json' && r.type === 'identity'));
  const sarif = check(['--format=sarif', 'missing.json'], dir);
  const log = JSON.parse(sarif.stdout) as {
    runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  assert.deepEqual(
    log.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]),
    [['unreadableFile', 'missing.json']],
  );
});

test('a UTF-16 file (as PowerShell writes one) is said to be UTF-16, by check, test and simulate, not read as broken JSON', () => {
  const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(Buffer.from('{}', 'utf16le'))]);
  const dir = workspace({ 'p.json': utf16, 't.iam-test.json': utf16, 'm.iam-model.json': utf16 });
  const checked = check(['p.json'], dir);
  assert.equal(checked.code, 2);
  assert.match(checked.stderr, /p\.json: the file is UTF-16 text \(it starts with a UTF-16 byte order mark\); save it as UTF-8/);
  const tested = spawnSync(process.execPath, [cli, 'test', 't.iam-test.json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(tested.status, 2);
  assert.match(tested.stderr, /the file is UTF-16 text/);
  assert.doesNotMatch(tested.stderr, /JSON syntax error/);
  // simulate reads its model ahead of loading it (to know whether it names Terraform): that read decodes as the host does.
  const simulated = spawnSync(
    process.execPath,
    [cli, 'simulate', '--model', 'm.iam-model.json', '-p', 'arn:aws:iam::111111111111:user/a', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b'],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(simulated.status, 2);
  assert.match(simulated.stderr, /m\.iam-model\.json: the file is UTF-16 text/);
  assert.doesNotMatch(simulated.stderr, /JSON syntax error/);
});

test('UTF-16 text without a byte order mark is said to be UTF-16 too, not a binary file nor broken JSON', () => {
  const policy = '{"Version": "2012-10-17", "Statement": []}';
  const dir = workspace({
    'le.json': Buffer.from(policy, 'utf16le'),
    'be.json': Buffer.from(policy, 'utf16le').swap16(),
    'm.iam-model.json': Buffer.from('{}', 'utf16le'),
    // NUL bytes between control characters: binary, not text.
    'odd.json': new Uint8Array([1, 0, 2, 0, 3, 0]),
  });
  assert.match(check(['odd.json'], dir).stderr, /odd\.json: binary file/);
  for (const file of ['le.json', 'be.json']) {
    const checked = check([file], dir);
    assert.equal(checked.code, 2, file);
    assert.match(checked.stderr, new RegExp(`${file.replace('.', '\\.')}: the file is UTF-16 text \\(without a byte order mark\\); save it as UTF-8`));
    assert.doesNotMatch(checked.stderr, /binary file/);
  }
  const simulated = spawnSync(
    process.execPath,
    [cli, 'simulate', '--model', 'm.iam-model.json', '-p', 'arn:aws:iam::111111111111:user/a', '-a', 's3:GetObject', '-r', 'arn:aws:s3:::b'],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(simulated.status, 2);
  assert.match(simulated.stderr, /the file is UTF-16 text \(without a byte order mark\)/);
  assert.doesNotMatch(simulated.stderr, /JSON syntax error|unknownKey/);
});
