// `iam-policy-lab test`: runs policy test files (docs/formats.md, sections 1 and 3) through the core's runTestFile
// and lays the outcomes out as text or JSON.
import { statSync } from 'node:fs';
import { cappedDiagnostics } from './cappedDiagnostics';
import { printableText, whyLine } from '../iam/explain';
import type { Decision } from '../iam/evaluator';
import { loadTestFile, type LoadedModel, type ModelDiagnostic, type PolicyTestFile } from '../iam/model';
import { runTestFile, type TestOutcome } from '../iam/simulate';
import { loadCatalog } from '../node/catalogFiles';
import { walkPaths } from '../node/folderWalk';
import { TEST_FILE } from './checkModels';
import { formatOptions, HELP_OPTION, FORMAT_OPTION, type OptionSpec } from './args';
import { startCommand } from './commandStart';
import {
  cliModelHost,
  displayPath,
  explanationText,
  fixesToJson,
  isExportInWindows,
  loadModelForCli,
  locate,
  placeOf,
  prepareModelPath,
  printCapped,
} from './loadModel';
import { plural } from './printer';
import { progressLine } from './progress';

/** How many tests run between looks at the progress line (it redraws only a few times a second anyway). */
const PROGRESS_EVERY = 200;

/**
 * How many failing tests the text prints with their whole explanation (about sixty lines each); later ones get their
 * reason in one line. A change that breaks a thousand tests printed sixty thousand lines, most of them alike.
 */
const EXPLAINED_FAILURES = 20;

export const summary = 'run policy test files';

const OPTIONS: readonly OptionSpec[] = [FORMAT_OPTION, HELP_OPTION];

const HELP = `usage: iam-policy-lab test [--format text|json] <test-file-or-folder>...

Runs policy test files (*.iam-test.json; in a folder, each one found as check finds files): each test is a request
and the decision it should get. A failing test prints the explanation of the decision it got: why in one line, then
the smallest changes that would decide it otherwise (as simulate prints them), then the evidence; after the first 20,
a failing test prints why alone. A test that names a principal the model does not have or an action no service has is
not run: it is reported at the place in the test file, as an error.

options:
${formatOptions(OPTIONS)}

Exit code 0 when every test passes, 1 when one fails, 2 for bad usage, an unreadable or invalid test file or model,
or a test that could not run.
`;

/**
 * The test files the arguments name: a file as it is (whatever its name), and a folder's `*.iam-test.json` files,
 * walked as `check` walks a folder; a folder without one is said to be empty of tests rather than "not a file".
 */
function testFilesIn(paths: readonly string[]): { files: string[]; empty: string[] } {
  const files: string[] = [];
  const empty: string[] = [];
  for (const path of paths) {
    if (!isFolder(path)) {
      files.push(path);
      continue;
    }
    const walked = walkPaths([path], { accept: (name) => TEST_FILE.test(name) }).files.map((file) => file.path);
    if (walked.length === 0) empty.push(path);
    files.push(...walked);
  }
  return { files, empty };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Missing or unreadable: loading it as a test file says so.
    return false;
  }
}

/** One entry of `--format json`'s `results` (docs/formats.md); `reason` and `fixes` only for a failing test. */
interface TestResult {
  readonly file: string;
  readonly name: string;
  /** Left out for a test that could not run; `errors` says why. */
  readonly decision?: Decision;
  readonly expect: Decision;
  readonly pass: boolean;
  readonly reason?: string;
  readonly fixes?: unknown[];
  readonly errors?: unknown[];
  /** A failing test's name in its file (zero-based, as LSP writes it). */
  readonly range?: unknown;
  /**
   * What may make AWS decide otherwise than the test: for a passing test, a value the template leaves open; for a
   * failing one, the explanation's problems (a key AWS always sets missing from the test's context, a misspelt key).
   */
  readonly problems?: readonly string[];
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
  let invalidTests = 0;
  /** Failing tests printed so far: after EXPLAINED_FAILURES, each by its reason alone. */
  let failuresPrinted = 0;
  /** Why a test file (or its model) could not be run, for `--format json` (text output has them on stderr). */
  const fileErrors: FileFinding[] = [];
  /** What the text output warns of on stderr (a context key no service defines), for `--format json`. */
  const warnings: FileFinding[] = [];
  const out: string[] = [];
  const progress = progressLine('test');
  // Every list of warnings also goes to `--format json` whole.
  const diagnosticLines = cappedDiagnostics('test');

  const given = testFilesIn(args.positionals);
  for (const folder of given.empty) {
    process.stderr.write(`iam-policy-lab test: ${folder}: no test file (*.iam-test.json) in this folder\n`);
    fileErrors.push({ file: folder, code: 'unreadableFile', message: 'No test file (*.iam-test.json) in this folder.' });
    invalidInput = true;
  }
  for (const file of given.files) {
    const { testFile, diagnostics } = loadTestFile(host.resolve(`${process.cwd()}/.`, file), host);
    let fileFailed = false;
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === 'error') {
        fileFailed = true;
        fileErrors.push(fileFinding(diagnostic));
      }
      if (diagnostic.severity === 'warning') warnings.push(fileFinding(diagnostic));
      if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') printCapped(diagnosticLines, diagnostic);
    }
    diagnosticLines.countLeftOut();
    if (testFile.model === undefined) {
      invalidInput = true;
      continue;
    }
    if (!models.has(testFile.model)) models.set(testFile.model, await loadTestModel(testFile, testFile.model, { fileErrors, warnings }));
    const model = models.get(testFile.model);
    if (!model || fileFailed) {
      invalidInput = true;
      continue;
    }
    const total = testFile.tests.length;
    const onProgress = (done: number) => {
      if (done % PROGRESS_EVERY === 0) progress.update(() => `${file}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} tests`);
    };
    const run = runTestFile({ testFile, model, modelPath: testFile.model, host, catalog, onProgress, decisionsOnly: true });
    // Erased before anything else is written to stderr (this file's warnings, the next file's messages).
    progress.done();
    // A test whose request is odd but possible (a context key no service defines) runs, with a warning at the place.
    for (const warning of run.warnings) {
      if (warning.severity !== 'warning') continue;
      printCapped(diagnosticLines, warning);
      warnings.push(fileFinding(warning));
    }
    diagnosticLines.countLeftOut();
    invalidTests += run.invalid;
    if (!json) out.push(`${locate(testFile.file, undefined)}`);
    for (const outcome of run.outcomes) {
      results.push(resultJson(file, testFile.file, outcome));
      if (json) continue;
      const failing = outcome.kind !== 'invalid' && !outcome.pass;
      out.push(...outcomeLines(testFile.file, outcome, failing && failuresPrinted >= EXPLAINED_FAILURES));
      if (failing) failuresPrinted++;
    }
  }

  const passed = results.filter((r) => r.pass).length;
  const failed = results.length - passed - invalidTests;
  if (json) {
    const extra = {
      ...(invalidTests > 0 ? { invalid: invalidTests } : {}),
      ...(fileErrors.length > 0 ? { fileErrors } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    process.stdout.write(`${JSON.stringify({ results, passed, failed, ...extra }, null, 2)}\n`);
  } else {
    if (out[out.length - 1] !== '') out.push('');
    if (failuresPrinted > EXPLAINED_FAILURES) {
      out.push(
        `The first ${EXPLAINED_FAILURES} failing tests are explained in full, the other ${(failuresPrinted - EXPLAINED_FAILURES).toLocaleString('en-US')} by their reason: --format json gives every one's reason and fixes.`,
        '',
      );
    }
    const notRun = invalidTests > 0 ? `, ${invalidTests} could not run` : '';
    out.push(`${plural(passed, 'test')} passed, ${failed} failed${notRun}${invalidInput ? ' (some files could not be run, see above)' : ''}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (invalidInput || invalidTests > 0) return 2;
  return failed > 0 ? 1 : 0;
}

/**
 * A test as text: a tick; or a cross with the explanation (why, how to fix, the evidence), or with its reason alone when
 * `brief`; or the errors that kept it from running.
 */
function outcomeLines(testFilePath: string, outcome: TestOutcome, brief: boolean): string[] {
  const { test } = outcome;
  if (outcome.kind === 'invalid') {
    return [`  ! ${printableText(test.name)}  (${locate(testFilePath, test.nameSpan)})`, ...outcome.errors.map((e) => `    ${errorLine(e)}`), ''];
  }
  // A pass that rests on a value the template leaves open says so beneath it, as `simulate` lists its problems.
  if (outcome.pass) return [`  ✔ ${printableText(test.name)}`, ...(outcome.problems ?? []).map((problem) => `    ! ${problem}`)];
  const cross = `  ✖ ${printableText(test.name)}  (${locate(testFilePath, test.nameSpan)})`;
  const expected = `    expected ${test.expect}, got ${outcome.decision}`;
  if (brief) {
    if (outcome.explanation === undefined) return [cross, expected];
    // Problems change what the answer means (a key AWS always sets left out): counted, for --format json lists them.
    const count = outcome.explanation.errors.length;
    const problems = count > 0 ? ` (and ${plural(count, 'problem')} with the test, which --format json lists)` : '';
    return [cross, `${expected}. ${whyLine(outcome.explanation.reason)}${problems}`];
  }
  const text = outcome.explanation ? explanationText(outcome.explanation) : '';
  return [
    cross,
    expected,
    ...text
      .trimEnd()
      .split('\n')
      .map((line) => (line === '' ? '' : `    ${line}`)),
    '',
  ];
}

/** A finding about a test file (or its model) as `--format json` writes it. */
interface FileFinding {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly range?: unknown;
}

/**
 * A test file's model, loaded as the other commands load one (its diagnostics on stderr), or undefined when it cannot
 * be read or has errors: then said in `found.fileErrors`, at the test file's `"model"` key; its warnings in `found.warnings`.
 */
async function loadTestModel(
  testFile: PolicyTestFile,
  modelPath: string,
  found: { readonly fileErrors: FileFinding[]; readonly warnings: FileFinding[] },
): Promise<LoadedModel | undefined> {
  await prepareModelPath(modelPath);
  // A large export is read a window at a time: reading it whole here to see that it can be read cost as much again.
  const readable = isExportInWindows(modelPath) ? '' : cliModelHost().readFile(modelPath);
  if (typeof readable !== 'string') {
    const where = testFile.modelSpan ? locate(testFile.file, testFile.modelSpan) : displayPath(testFile.file);
    process.stderr.write(`iam-policy-lab test: ${where}: the model ${modelPath} cannot be read (${readable.error})\n`);
    found.fileErrors.push({
      ...atModelKey(testFile),
      code: 'unreadableFile',
      message: `the model ${displayPath(modelPath)} cannot be read (${readable.error})`,
    });
    return undefined;
  }
  const loaded = loadModelForCli('test', modelPath);
  found.warnings.push(...loaded.warnings.map(fileFinding));
  if (!loaded.failed) return loaded.model;
  found.fileErrors.push({
    ...atModelKey(testFile),
    code: 'invalidModel',
    message: `the model ${displayPath(modelPath)} has errors (listed on standard error)`,
  });
  // Each error where it is, as on standard error, so that a CI annotation can point at the model's own line.
  found.fileErrors.push(...loaded.errors.map(fileFinding));
  return undefined;
}

/** Where a test file names its model (its `"model"` key), for a finding about that model that a CI annotation places. */
function atModelKey(testFile: PolicyTestFile): { file: string; range?: unknown } {
  const place = testFile.modelSpan ? placeOf(testFile.file, testFile.modelSpan) : undefined;
  return { file: displayPath(testFile.file), ...(place ? { range: place.range } : {}) };
}

function fileFinding(diagnostic: ModelDiagnostic): FileFinding {
  const place = placeOf(diagnostic.file, diagnostic.span);
  return { file: displayPath(diagnostic.file), code: diagnostic.code, message: diagnostic.message, ...(place ? { range: place.range } : {}) };
}

function errorLine(error: ModelDiagnostic): string {
  return `${locate(error.file, error.span)}: ${printableText(error.message)}`;
}

function resultJson(file: string, path: string, outcome: TestOutcome): TestResult {
  const { test } = outcome;
  if (outcome.kind === 'invalid') {
    const errors = outcome.errors.map((e) => {
      const place = placeOf(e.file, e.span);
      return { code: e.code, message: e.message, ...(place ? { range: place.range } : {}) };
    });
    return { file, name: test.name, expect: test.expect, pass: false, errors };
  }
  const base = { file, name: test.name, decision: outcome.decision, expect: test.expect, pass: outcome.pass };
  const { explanation } = outcome;
  if (outcome.pass) return outcome.problems ? { ...base, problems: outcome.problems } : base;
  // Where the failing test is (its name), as the text prints it: a CI annotation points there.
  const place = placeOf(path, test.nameSpan);
  const failing = place ? { ...base, range: place.range } : base;
  if (!explanation) return failing;
  const problems = explanation.errors.length > 0 ? { problems: explanation.errors } : {};
  return { ...failing, reason: explanation.reason, fixes: fixesToJson(explanation.fixes ?? []), ...problems };
}
