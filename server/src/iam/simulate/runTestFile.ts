/**
 * The "run a test file" use case, written once for every face (the command line's `test`, the language server's
 * Testing view): each test is checked against its model and the catalog, run when nothing stops it, and a failing
 * test is explained with its reason and the verified fixes that would give the decision it expects. The faces only
 * lay the outcomes out.
 */
import { checkTestAgainstModel } from '../assist/testChecks';
import type { Catalog } from '../catalog';
import {
  decideRequest,
  evaluate,
  resolveRequestPrincipal,
  sessionPoliciesNotApplied,
  type Decision,
  type EvaluationModel,
  type EvaluationRequest,
  type EvaluationResult,
} from '../evaluator';
import { absentKeysAwsAlwaysSets, absentKeysSentence, openValueProblems, type Explanation } from '../explain';
import { policyLookup, principalArn, type LoadedModel, type ModelDiagnostic, type ModelHost, type PolicyTest, type PolicyTestFile } from '../model';
import type { PolicyOf } from './candidate';
import { mayMeetOpenValue } from './openValues';
import { simulateRequest } from './simulateRequest';
import { requestOfTest } from './testRequest';

export interface TestRunInput {
  readonly testFile: PolicyTestFile;
  /** The test file's model, loaded without errors (a model with errors is not run: no test passes for a typo). */
  readonly model: LoadedModel;
  /** The model's file and the host it was loaded through: fixes that edit files are judged by loading it again. */
  readonly modelPath: string;
  readonly host: ModelHost;
  readonly catalog: Catalog;
  /** Run only the tests at these indexes of the file; all when omitted. */
  readonly only?: ReadonlySet<number>;
  /** Checked before each test: true stops the run, and the tests not run are left out of the outcomes. */
  readonly isCancelled?: () => boolean;
  /** Told before each test how many have been looked at so far (a face's progress line). */
  readonly onProgress?: (done: number) => void;
  /** Milliseconds, for each test's duration; durations are 0 without it (the core keeps no clock of its own). */
  readonly clock?: () => number;
  /**
   * For a face that shows a passing test by its decision alone (the command line): passing tests are decided without
   * positions (`decideRequest`, quicker) and carry no `result`; a failing one is evaluated again and explained.
   */
  readonly decisionsOnly?: boolean;
}

/** A test that ran: what it got; failing, why and how to fix it. */
export interface TestRan {
  readonly kind: 'ran';
  readonly index: number;
  readonly test: PolicyTest;
  readonly decision: Decision;
  readonly pass: boolean;
  /** The evaluation, with its trace; left out for a passing test of a `decisionsOnly` run. */
  readonly result?: EvaluationResult;
  /** For a failing test: why, and the verified fixes when it is denied. */
  readonly explanation?: Explanation;
  /**
   * For a passing test on a model built from a template: the statement that decided it, or one that nearly turned it,
   * lists a value the configuration leaves open, so AWS may decide otherwise once deployed (as `simulate` says).
   */
  readonly problems?: readonly string[];
  readonly durationMs: number;
}

/** A test that could not run: it names a principal or an action no request could carry. */
export interface TestInvalid {
  readonly kind: 'invalid';
  readonly index: number;
  readonly test: PolicyTest;
  /** The errors, each at the part of the test it is about. */
  readonly errors: readonly ModelDiagnostic[];
}

export type TestOutcome = TestRan | TestInvalid;

export interface TestFileRun {
  /** In file order. */
  readonly outcomes: readonly TestOutcome[];
  /** Findings about tests that still ran (a context key no service defines…): worth a look, not a failure. */
  readonly warnings: readonly ModelDiagnostic[];
  readonly passed: number;
  readonly failed: number;
  readonly invalid: number;
  readonly cancelled: boolean;
}

export function runTestFile(input: TestRunInput): TestFileRun {
  const { testFile, model, catalog } = input;
  const policyOf = policyLookup(model);
  const outcomes: TestOutcome[] = [];
  const warnings: ModelDiagnostic[] = [];
  let cancelled = false;
  for (const [index, test] of testFile.tests.entries()) {
    input.onProgress?.(index);
    if (input.only !== undefined && !input.only.has(index)) continue;
    if (input.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const findings = checkTestAgainstModel(testFile.file, test, model, catalog);
    const errors = findings.filter((d) => d.severity === 'error');
    warnings.push(...findings.filter((d) => d.severity !== 'error'));
    if (errors.length > 0) {
      outcomes.push({ kind: 'invalid', index, test, errors });
      continue;
    }
    const started = input.clock?.() ?? 0;
    // A name (`alice`, `Dev/alice`) stands for the one principal of the model it names; the checks above made sure.
    const named = principalArn(model, test.principal);
    const request = { ...requestOfTest(test), ...('arn' in named ? { principal: named.arn } : {}) };
    const decided = input.decisionsOnly ? decideRequest(model, request, { catalog }) : evaluate(model, request, { catalog });
    const decision = typeof decided === 'string' ? decided : decided.decision;
    const pass = decision === test.expect;
    // Most tests pass and need no words: only a failing one is explained, with the fixes (for a denial) that say how
    // to get the decision it expects.
    const explained = pass
      ? undefined
      : simulateRequest({
          model,
          modelPath: input.modelPath,
          host: input.host,
          request,
          options: { catalog },
          policyOf,
          wantFixes: (r) => r.decision !== 'allowed',
        });
    const result = typeof decided === 'string' ? explained?.result : decided;
    // Evaluated in full for the check only: a run that asked for decisions keeps none of its passing tests' traces.
    const checked = pass && result === undefined && lacksKeyOftenTested(request) ? evaluate(model, request, { catalog }) : result;
    const problems = pass
      ? [...openValuesMet(model, request, result, { catalog, policyOf }), ...absentKeysMet(checked), ...sessionPoliciesUnused(model, request)]
      : [];
    const durationMs = (input.clock?.() ?? 0) - started;
    const ran: TestRan = {
      kind: 'ran',
      index,
      test,
      decision,
      pass,
      ...(result ? { result } : {}),
      ...(explained ? { explanation: explained.explanation } : {}),
      ...(problems.length > 0 ? { problems } : {}),
      durationMs,
    };
    outcomes.push(ran);
  }
  const passed = outcomes.filter((o) => o.kind === 'ran' && o.pass).length;
  const invalid = outcomes.filter((o) => o.kind === 'invalid').length;
  return { outcomes, warnings, passed, failed: outcomes.length - passed - invalid, invalid, cancelled };
}

/**
 * Whether the test's request lacks a key AWS sets on every request that policies often test (`aws:SecureTransport`,
 * `aws:RequestedRegion`): a passing test is then evaluated in full (when its run gave only the decision), to see
 * whether it passes only for want of the key. The third such key, `aws:ViaAWSService`, is seldom given by a test, and
 * is told only where the evaluation was made anyway: evaluating every passing test again would double a large run.
 */
function lacksKeyOftenTested(request: EvaluationRequest): boolean {
  const given = Object.keys(request.context ?? {}).map((key) => key.toLowerCase());
  return !given.includes('aws:securetransport') || !given.includes('aws:requestedregion');
}

/**
 * A passing test whose session policies its principal does not take (a user's request): they were never applied, so
 * the test says nothing about them, said as `simulate` says it. A failing one's explanation says it already.
 */
function sessionPoliciesUnused(model: EvaluationModel, request: EvaluationRequest): string[] {
  if ((request.sessionPolicyRefs?.length ?? 0) === 0) return [];
  const unused = sessionPoliciesNotApplied(resolveRequestPrincipal(model, request.principal, request.federatedBy), request);
  return unused === undefined ? [] : [unused];
}

/**
 * A passing test that passes because a key AWS sets on every request is absent (a Deny on aws:SecureTransport "false"
 * missed, an Allow on it kept out of a denial): AWS may decide otherwise, said as `simulate` says it.
 */
function absentKeysMet(result: EvaluationResult | undefined): string[] {
  const keys = result === undefined ? [] : absentKeysAwsAlwaysSets(result);
  return keys.length > 0 ? [absentKeysSentence(keys)] : [];
}

/**
 * A passing test needs no explanation, but one that rests on a value the template leaves open is not settled: said as
 * `simulate` says it. Only a test whose policies hold such a value is asked (a `decisionsOnly` run evaluates it again).
 */
function openValuesMet(
  model: LoadedModel,
  request: EvaluationRequest,
  result: EvaluationResult | undefined,
  options: { readonly catalog: Catalog; readonly policyOf: PolicyOf },
): string[] {
  if (!mayMeetOpenValue(model, request)) return [];
  return openValueProblems(result ?? evaluate(model, request, { catalog: options.catalog }), { policyOf: options.policyOf });
}
