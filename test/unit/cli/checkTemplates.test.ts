// `iam-policy-lab check` on templates: each embedded policy's findings against the template file,
// in text, json and sarif; templates found by content, other YAML left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { runCli, tempWorkspace } from './cliRun';

const fixtures = join(repoRoot(), 'test', 'fixtures', 'templates');
const SAM = readFileSync(join(fixtures, 'sam-app.yaml'), 'utf8');
const JSON_TEMPLATE = readFileSync(join(fixtures, 'role.template.json'), 'utf8');

test('text output names the template line and column and the policy', () => {
  const dir = tempWorkspace({ 'app.yaml': SAM });
  const run = runCli(['check', 'app.yaml'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^app\.yaml:31:24 warning unknownAction .*GetObjects.* \(in inline policy ReadData of AWS::IAM::Role AppRole\)$/m);
  assert.match(run.stdout, /1 file checked: 0 errors, 3 warnings, 1 suggestion/);
});

test('json output: type template, the policies found, and a policy on each diagnostic', () => {
  const dir = tempWorkspace({ 'stack.template': JSON_TEMPLATE });
  const run = runCli(['check', '--format', 'json', 'stack.template'], dir);
  assert.equal(run.code, 1, run.stderr);
  const [report] = JSON.parse(run.stdout) as {
    type: string;
    template: string;
    policies: { type: string }[];
    diagnostics: { code: string; range: { start: { line: number } }; policy: { path: string } }[];
  }[];
  assert.ok(report);
  assert.equal(report.type, 'template');
  assert.equal(report.template, 'cloudformation');
  assert.deepEqual(
    report.policies.map((p) => p.type),
    ['resource', 'scp', 'resource'],
  );
  const effect = report.diagnostics.find((d) => d.code === 'invalidEffect');
  assert.equal(effect?.range.start.line, 33);
  assert.equal(effect?.policy.path, 'Resources.Key.Properties.KeyPolicy');
});

test('sarif points into the template and describes template codes', () => {
  const dir = tempWorkspace({ 'app.yml': SAM });
  const run = runCli(['check', '--format', 'sarif', 'app.yml'], dir);
  const sarif = JSON.parse(run.stdout) as {
    runs: {
      tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } };
      results: {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        properties: { policyType: string };
      }[];
    }[];
  };
  const [sarifRun] = sarif.runs;
  assert.ok(sarifRun);
  const unknown = sarifRun.results.find((r) => r.ruleId === 'unknownAction');
  assert.equal(unknown?.locations[0]?.physicalLocation.artifactLocation.uri, 'app.yml');
  assert.equal(unknown?.locations[0]?.physicalLocation.region.startLine, 31);
  assert.equal(unknown?.properties.policyType, 'identity');
  const note = sarifRun.tool.driver.rules.find((r) => r.id === 'samPolicyTemplateUnknown');
  assert.match(note?.shortDescription.text ?? '', /SAM policy template/);
});

test('a folder: templates by content, other YAML skipped, policies as before', () => {
  const dir = tempWorkspace({
    'infra/app.yaml': SAM,
    'ci/workflow.yml': 'name: build\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
    'policies/read.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }),
  });
  const run = runCli(['check', '.'], dir);
  assert.match(run.stdout, /skipped ci\/workflow\.yml: not a CloudFormation, SAM or Terraform template/);
  assert.match(run.stdout, /2 files checked/);
});

test('broken YAML in a template is an error with its line, not a crash', () => {
  const dir = tempWorkspace({ 'bad.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: [\n' });
  const run = runCli(['check', 'bad.yaml'], dir);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^bad\.yaml:\d+:\d+ error templateSyntax YAML syntax error/m);
});

test('a Terraform folder: each .tf file checked with its module, findings at the HCL lines', () => {
  const terraform = join(fixtures, 'terraform');
  const files: Record<string, string> = {};
  for (const name of ['main.tf', 'variables.tf', 'queue.tf', 'queue-policy.json']) files[`infra/${name}`] = readFileSync(join(terraform, name), 'utf8');
  const dir = tempWorkspace(files);
  const run = runCli(['check', '--format', 'json', 'infra'], dir);
  assert.equal(run.code, 0, run.stderr);
  const reports = JSON.parse(run.stdout) as {
    file: string;
    template?: string;
    diagnostics: { code: string; range: { start: { line: number; character: number } } }[];
  }[];
  const main = reports.find((r) => r.file === join('infra', 'main.tf'));
  assert.equal(main?.template, 'terraform');
  assert.deepEqual(
    main?.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1]),
    [['unknownAction', 29, 23]],
  );
});

test('CDK: the construct path is printed beside the policy', () => {
  const dir = tempWorkspace({ 'cdk.out/AppStack.template.json': readFileSync(join(fixtures, 'cdk.out', 'AppStack.template.json'), 'utf8') });
  const run = runCli(['check', 'cdk.out'], dir);
  assert.match(
    run.stdout,
    /unknownAction .*Querry.*\(in policy of AWS::IAM::Policy HandlerServiceRoleDefaultPolicyCBD0CC91, construct AppStack\/Handler\/ServiceRole\/DefaultPolicy\/Resource\)$/m,
  );
});

test('--write-baseline records today, --baseline fails only on new errors, matched by policy path not line', () => {
  const broken = JSON_TEMPLATE; // one invalidEffect error, in the KMS key policy
  const dir = tempWorkspace({ 'stack.json': broken });
  const write = runCli(['check', '--write-baseline', 'baseline.json', 'stack.json'], dir);
  assert.equal(write.code, 0, 'recording a baseline succeeds, so the CI step that records it passes');
  assert.match(write.stdout, /invalidEffect/, "writing a baseline still shows today's errors");
  const recorded = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { findings: { file: string; rule: string; policy: string }[] };
  assert.ok(recorded.findings.some((f) => f.rule === 'invalidEffect' && f.policy === 'Resources.Key.Properties.KeyPolicy' && f.file === 'stack.json'));
  // Lines inserted above move the finding: still the same one.
  const moved = broken.replace('"AWSTemplateFormatVersion": "2010-09-09",', '"AWSTemplateFormatVersion": "2010-09-09",\n  "Description": "moved down",\n');
  const same = tempWorkspace({ 'stack.json': moved, 'baseline.json': readFileSync(join(dir, 'baseline.json'), 'utf8') });
  const run = runCli(['check', '--baseline', 'baseline.json', 'stack.json'], same);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /invalidEffect/, 'every finding is still reported');
  // A new error in another policy of the file is not in the baseline.
  const worse = moved.replace('"Effect": "Deny", "NotAction"', '"Effect": "Denny", "NotAction"');
  const next = tempWorkspace({ 'stack.json': worse, 'baseline.json': readFileSync(join(dir, 'baseline.json'), 'utf8') });
  const failing = runCli(['check', '--baseline', 'baseline.json', 'stack.json'], next);
  assert.equal(failing.code, 1);
  // The output says which error is new: the one that fails the run, not the baselined one.
  const marked = failing.stdout.split('\n').filter((line) => line.endsWith('(new: not in the baseline)'));
  assert.equal(marked.length, 1, failing.stdout);
  assert.match(marked[0] ?? '', /'Denny'/);
  assert.match(failing.stdout, /\(1 error not in the baseline\)/);
  // Checking and recording the next baseline in one step still fails on the new error.
  assert.equal(runCli(['check', '--baseline', 'baseline.json', '--write-baseline', 'next.json', 'stack.json'], next).code, 1);
  assert.equal(runCli(['check', '--baseline', 'missing.json', 'stack.json'], next).code, 2);
});

test('a baseline matches from any working directory and path spelling: its files are relative to the baseline', () => {
  const dir = tempWorkspace({ 'infra/stack.json': JSON_TEMPLATE });
  runCli(['check', '--write-baseline', 'b.json', 'infra'], dir);
  const recorded = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { findings: { file: string }[] };
  assert.ok(recorded.findings.length > 0 && recorded.findings.every((f) => f.file === 'infra/stack.json'), JSON.stringify(recorded));
  const name = basename(dir);
  const runs = [
    runCli(['check', '--baseline', `${name}/b.json`, `${name}/infra`], dirname(dir)),
    runCli(['check', '--baseline', join(dir, 'b.json'), join(dir, 'infra')], dirname(dir)),
    runCli(['check', '--baseline', '../b.json', '.'], join(dir, 'infra')),
    runCli(['check', '--baseline', 'b.json', './infra/stack.json'], dir),
  ];
  for (const run of runs) {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /invalidEffect/, 'every finding is still reported');
    assert.doesNotMatch(run.stdout, /new: not in the baseline/);
  }
  // A baseline written before files were relative to it (relative to the working directory) still matches there.
  const legacy = tempWorkspace({ 'infra/stack.json': JSON_TEMPLATE, 'ci/old.json': JSON.stringify({ version: 1, findings: recorded.findings }) });
  const old = runCli(['check', '--baseline', 'ci/old.json', 'infra'], legacy);
  assert.equal(old.code, 0, old.stdout + old.stderr);
  assert.doesNotMatch(old.stdout, /new: not in the baseline/);
});

test('--baseline marks each finding new or unchanged in JSON (baseline) and SARIF (baselineState), exit code as in text', () => {
  const dir = tempWorkspace({ 'stack.json': JSON_TEMPLATE });
  runCli(['check', '--write-baseline', 'baseline.json', 'stack.json'], dir);
  const worse = JSON_TEMPLATE.replace('"Effect": "Deny", "NotAction"', '"Effect": "Denny", "NotAction"');
  const next = tempWorkspace({ 'stack.json': worse, 'baseline.json': readFileSync(join(dir, 'baseline.json'), 'utf8') });

  const json = runCli(['check', '--format', 'json', '--baseline', 'baseline.json', 'stack.json'], next);
  assert.equal(json.code, 1, json.stderr);
  const [report] = JSON.parse(json.stdout) as { diagnostics: { code: string; message: string; baseline?: string }[] }[];
  const diagnostics = report?.diagnostics ?? [];
  assert.ok(diagnostics.length >= 2, json.stdout);
  assert.deepEqual(
    diagnostics.filter((d) => d.baseline === 'new').map((d) => d.code),
    ['invalidEffect'],
  );
  assert.match(diagnostics.find((d) => d.baseline === 'new')?.message ?? '', /'Denny'/);
  assert.ok(
    diagnostics.every((d) => d.baseline === 'new' || d.baseline === 'unchanged'),
    'every finding has its state',
  );

  const sarif = runCli(['check', '--format', 'sarif', '--baseline', 'baseline.json', 'stack.json'], next);
  assert.equal(sarif.code, 1, sarif.stderr);
  const results =
    (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string }; baselineState?: string }[] }[] }).runs[0]?.results ?? [];
  assert.equal(results.length, diagnostics.length);
  const fresh = results.filter((r) => r.baselineState === 'new');
  assert.equal(fresh.length, 1);
  assert.match(fresh[0]?.message.text ?? '', /'Denny'/);
  assert.equal(results.filter((r) => r.baselineState === 'unchanged').length, results.length - 1);

  // Without --baseline neither output has the field: existing consumers see what they saw.
  const plainJson = runCli(['check', '--format', 'json', 'stack.json'], next);
  assert.doesNotMatch(plainJson.stdout, /"baseline"/);
  const plainSarif = runCli(['check', '--format', 'sarif', 'stack.json'], next);
  assert.doesNotMatch(plainSarif.stdout, /baselineState/);
});

test('a value with a raw newline or control character is quoted escaped: one line per finding, and a hint for YAML |', () => {
  const yaml = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}',
    '      Policies:',
    '        - PolicyName: Logs',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: |',
    '                  logs:PutLogEventz',
    "                Resource: '*'",
    '              - Sid: "Tab\\tand\\0nul"',
    '                Effect: Allow',
    '                Action: logs:PutLogEvents',
    "                Resource: '*'",
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'app.yaml': yaml });
  const run = runCli(['check', 'app.yaml'], dir);
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.ok(
    lines.slice(0, -1).every((line) => line.startsWith('app.yaml:')),
    `one line per finding:\n${run.stdout}`,
  );
  assert.ok(
    lines.some((line) => line.includes("malformedAction 'logs:PutLogEventz\\n' in Action")),
    run.stdout,
  );
  assert.match(run.stdout, /a '\|' block keeps one at its end, '\|-' does not/);
  assert.match(run.stdout, /The Sid 'Tab\\tand\\u0000nul' contains '\\t', '\\u0000': /, run.stdout);
  const json = runCli(['check', '--format', 'json', 'app.yaml'], dir);
  const [report] = JSON.parse(json.stdout) as { diagnostics: { message: string }[] }[];
  assert.ok(
    report?.diagnostics.every((d) => !/[\u0000-\u001f]/.test(d.message)),
    json.stdout,
  );
});

test('--baseline marks a new warning too, and counts it apart from the errors that fail the run', () => {
  const dir = tempWorkspace({ 'stack.json': JSON_TEMPLATE });
  runCli(['check', '--write-baseline', 'baseline.json', 'stack.json'], dir);
  // A misspelt action in the KMS key policy is a new warning (unknownAction), not an error: the run still passes.
  const warned = JSON_TEMPLATE.replace('"kms:*"', '"kms:Decrpyt"');
  assert.notEqual(warned, JSON_TEMPLATE);
  const next = tempWorkspace({ 'stack.json': warned, 'baseline.json': readFileSync(join(dir, 'baseline.json'), 'utf8') });
  const run = runCli(['check', '--baseline', 'baseline.json', 'stack.json'], next);
  assert.equal(run.code, 0, run.stdout);
  const marked = run.stdout.split('\n').filter((line) => line.endsWith('(new: not in the baseline)'));
  assert.deepEqual(
    marked.map((line) => / (error|warning|info|hint) (\w+)/.exec(line)?.slice(1, 3)),
    [['warning', 'unknownAction']],
    run.stdout,
  );
  assert.match(run.stdout, /\(0 errors not in the baseline, 1 other finding not in the baseline\)/);
});

test('--baseline marks the finding that is new, not an old one of the same rule after it in the same policy', () => {
  const policy = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
  const dir = tempWorkspace({ 'app.json': policy(['sns:Publsh']) });
  runCli(['check', '--write-baseline', 'baseline.json', 'app.json'], dir);
  // A second misspelt action, written before the one the baseline holds.
  writeFileSync(join(dir, 'app.json'), policy(['kms:Encrpyt', 'sns:Publsh']));
  const run = runCli(['check', '--baseline', 'baseline.json', 'app.json'], dir);
  const marked = run.stdout.split('\n').filter((line) => line.endsWith('(new: not in the baseline)'));
  assert.equal(marked.length, 1, run.stdout);
  assert.match(marked[0] ?? '', /Encrpyt/);
  // One misspelling fixed and another made: a finding of the rule, file and policy the baseline holds matches its entry,
  // as the baseline format promises (a catalog update may change a finding's words); the message only picks which.
  writeFileSync(join(dir, 'app.json'), policy(['kms:Encrpyt']));
  const swapped = runCli(['check', '--baseline', 'baseline.json', 'app.json'], dir);
  assert.deepEqual(swapped.stdout.split('\n').filter((line) => line.endsWith('(new: not in the baseline)')).length, 0, swapped.stdout);
  writeFileSync(join(dir, 'app.json'), policy(['kms:Encrpyt', 'sns:Publsh']));
  // A baseline written before entries held their message still matches by rule, file and policy.
  const old = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { findings: { message?: string }[] };
  for (const finding of old.findings) delete finding.message;
  writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
  const legacy = runCli(['check', '--baseline', 'old.json', 'app.json'], dir);
  assert.equal(legacy.stdout.split('\n').filter((line) => line.endsWith('(new: not in the baseline)')).length, 1, legacy.stdout);
});

test("a Terraform trust that federates through the configuration's own OIDC provider is checked as the provider's ARN", () => {
  const main = [
    'resource "aws_iam_openid_connect_provider" "github" {',
    '  url            = "https://token.actions.githubusercontent.com"',
    '  client_id_list = ["sts.amazonaws.com"]',
    '}',
    'resource "aws_iam_role" "deploy" {',
    '  name = "deploy"',
    '  assume_role_policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Allow"',
    '      Action    = "sts:AssumeRoleWithWebIdentity"',
    '      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }',
    '      Condition = { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" } }',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const dir = tempWorkspace({ 'main.tf': main });
  const run = runCli(['check', 'main.tf'], dir);
  // The provider's ARN is known (its URL without the scheme): GitHub's trust without a repository condition is said.
  assert.match(run.stdout, /main\.tf:12:\d+ warning githubOidcWithoutRepoCondition/);
});
