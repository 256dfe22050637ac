// `iam-policy-lab test`: runs policy test files (docs/formats.md, sections 1 and 3).
import { evaluate, type Decision } from '../iam/evaluator';
import { explainResult, formatExplanationText } from '../iam/explain';
import { loadTestFile, policyLookup, type LoadedModel } from '../iam/model';
import { requestOfTest } from '../iam/simulate';
import { loadCatalog } from '../node/catalogFiles';
import { formatOptions, HELP_OPTION, type OptionSpec } from './args';
import { startCommand } from './commandStart';
import { checkTestsAgainstModel } from '../iam/assist';
import { principalArn } from '../iam/model';
import { cliModelHost, formatModelDiagnostic, loadModelForCli, locate, prepareModelPath } from './loadModel';
import { plural } from './printer';
import { progressLine } from './progress';

/** How many tests run between looks at the progress line (it redraws only a few times a second anyway). */
const PROGRESS_EVERY = 200;

export const summary = 'run policy test files';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', kind: 'value', valueName: 'F', choices: ['text', 'json'], default: 'text', description: 'output format' },
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab test [--format text|json] <test-file>...

Runs policy test files (*.iam-test.json): each test is a request and the decision it should get. A failing test
prints the full explanation of the decision it got.

options:
${formatOptions(OPTIONS)}

Exit code 0 when every test passes, 1 when one fails, 2 for bad usage or an unreadable or invalid test file or model.
`;

interface TestResult {
  readonly file: string;
  readonly name: string;
  readonly decision: Decision;
  readonly expect: Decision;
  readonly pass: boolean;
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, { command: 'test', options: OPTIONS, help: HELP, positionals: { some: 'no test file given' } });
  if (typeof args === 'number') return args;
  const json = args.value('format') === 'json';
  const host = cliModelHost();
  const catalog = loadCatalog();
  const models = new Map<string, LoadedModel | undefined>();
  const results: TestResult[] = [];
  let invalidInput = false;
  const out: string[] = [];
  const progress = progressLine('test');

  for (const file of args.positionals) {
    const { testFile, diagnostics } = loadTestFile(host.resolve(`${process.cwd()}/.`, file), host);
    let fileFailed = false;
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === 'error') fileFailed = true;
      if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') process.stderr.write(`iam-policy-lab test: ${formatModelDiagnostic(diagnostic)}\n`);
    }
    if (testFile.model === undefined) {
      invalidInput = true;
      continue;
    }
    if (!models.has(testFile.model)) {
      await prepareModelPath(testFile.model);
      const readable = host.readFile(testFile.model);
      if (typeof readable !== 'string') {
        const where = testFile.modelSpan ? locate(testFile.file, testFile.modelSpan) : file;
        process.stderr.write(`iam-policy-lab test: ${where}: the model ${testFile.model} cannot be read (${readable.error})\n`);
        models.set(testFile.model, undefined);
      } else {
        const loaded = loadModelForCli('test', testFile.model);
        models.set(testFile.model, loaded.failed ? undefined : loaded.model);
      }
    }
    const model = models.get(testFile.model);
    if (!model || fileFailed) {
      invalidInput = true;
      continue;
    }
    // A test whose request AWS would never see (a typo in the action, an unknown principal) passes or fails for the
    // wrong reason: say so, as the editor does, without changing the exit code.
    for (const warning of checkTestsAgainstModel(testFile, model, catalog)) {
      process.stderr.write(`iam-policy-lab test: ${formatModelDiagnostic(warning)}\n`);
    }
    if (!json) out.push(`${locate(testFile.file, undefined)}`);
    for (const [done, test] of testFile.tests.entries()) {
      if (done % PROGRESS_EVERY === 0) progress.update(`${file}: ${done.toLocaleString('en-US')} of ${testFile.tests.length.toLocaleString('en-US')} tests`);
      // A name stands for the one user or role of the model with that name; an ambiguous or unknown one is left as
      // written, so the test fails with the unknown-principal explanation.
      const result = evaluate(model, { ...requestOfTest(test), principal: principalOrName(model, test.principal) }, { catalog });
      const pass = result.decision === test.expect;
      results.push({ file, name: test.name, decision: result.decision, expect: test.expect, pass });
      if (json) continue;
      if (pass) {
        out.push(`  ✔ ${test.name}`);
      } else {
        out.push(`  ✖ ${test.name}  (${locate(testFile.file, test.nameSpan)})`, `    expected ${test.expect}, got ${result.decision}`);
        const text = formatExplanationText(explainResult(result, { policyOf: policyLookup(model, test.sessionPolicies) }), locate);
        out.push(...text.trimEnd().split('\n').map((line) => (line === '' ? '' : `    ${line}`)), '');
      }
    }
    // Erased before anything else is written to stderr (the next file's messages).
    progress.done();
  }

  const passed = results.filter((r) => r.pass).length;
  const failed = results.length - passed;
  if (json) {
    process.stdout.write(`${JSON.stringify({ results, passed, failed }, null, 2)}\n`);
  } else {
    if (out[out.length - 1] !== '') out.push('');
    out.push(`${plural(passed, 'test')} passed, ${failed} failed${invalidInput ? ' (some files could not be run, see above)' : ''}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (invalidInput) return 2;
  return failed > 0 ? 1 : 0;
}


function principalOrName(model: LoadedModel, value: string): string {
  const found = principalArn(model, value);
  return 'arn' in found ? found.arn : value;
}
