/**
 * Checks a policy test file against its model and the catalog: a principal the model does not know, an action the
 * catalog does not know, a resource that is not an ARN, a context key no service defines or a value of the wrong type
 * for its key is almost always a typo that would make the test pass or fail for the wrong reason. An unknown action,
 * or a principal missing from an account the model describes, is an error: the test is reported and not run. The request
 * checks are the evaluator's own (requestChecks.ts), so an editor and a run say the same. Findings point at what they
 * are about: the principal, the action, the resource, a context key (unknown) or its value (of the wrong type).
 */
import { endSentence } from '../explain/sentences';
import { closestPrincipals } from '../model/principalNotes';
import { principalArn } from '../model/principalByName';
import type { Catalog } from '../catalog/types';
import { requestProblems, type RequestProblem } from '../evaluator/requestChecks';
import { resolveRequestPrincipal } from '../evaluator/requestPrincipal';
import type { LoadedModel, LoadModelResult, ModelDiagnostic } from '../model/modelTypes';
import { requesterOf } from '../model/requesters';
import type { PolicyTest, PolicyTestFile } from '../model/testFile';

export function checkTestsAgainstModel(testFile: PolicyTestFile, model: LoadedModel, catalog: Catalog): ModelDiagnostic[] {
  return testFile.tests.flatMap((test) => checkTestAgainstModel(testFile.file, test, model, catalog));
}

/**
 * What the editor and `check` say about a test file against its model as loaded: each test's findings, and, when the
 * model has errors, a warning at the file's `model` naming the first (the model's own report has the rest).
 */
export function testFileAgainstModel(testFile: PolicyTestFile, loaded: LoadModelResult, catalog: Catalog): ModelDiagnostic[] {
  const found = checkTestsAgainstModel(testFile, loaded.model, catalog);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first === undefined || testFile.modelSpan === undefined) return found;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}; open the model to see them)` : '';
  return [
    ...found,
    { file: testFile.file, span: testFile.modelSpan, severity: 'warning', message: `The model has errors: ${first.message}${more}`, code: 'modelHasErrors' },
  ];
}

/** The findings about one test; those of severity error mean the test cannot run. */
export function checkTestAgainstModel(file: string, test: PolicyTest, model: LoadedModel, catalog: Catalog): ModelDiagnostic[] {
  const diagnostics: ModelDiagnostic[] = [];
  const report = (span: { offset: number; length: number }, message: string, code: string, severity: ModelDiagnostic['severity']): void => {
    diagnostics.push({ file, span, severity, message, code });
  };
  const spans = test.spans;
  // Users, roles, account roots, sessions of the model's roles (`Dev/alice` or the ARN) and service principals are
  // all requesters; a name (`app-reader`) is fine where the model makes it unique.
  const named = principalArn(model, test.principal);
  if ('error' in named) {
    report(spans.principal, `Test '${test.name}': ${endSentence(named.error)}`, 'unknownPrincipal', 'error');
  } else {
    if (named.writtenAs !== undefined) {
      const message = `Test '${test.name}': the model's principal is ${named.arn}, whose path differs from the ARN written; the test runs as ${named.arn}.`;
      report(spans.principal, message, 'principalPathDiffers', 'warning');
    }
    const severity = principalSeverity(model, named.arn);
    // A suggestion for a typo only, as simulate makes: a principal of an account the model leaves out is asked about on
    // purpose (cross-account), and the closest of the model's would be another account's.
    if (severity === 'error') {
      const suggestion = closestPrincipals(model, test.principal);
      report(spans.principal, `Test '${test.name}': the model has no principal ${test.principal}.${suggestion}`, 'unknownPrincipal', severity);
    } else if (severity === 'warning') {
      // Not a typo the model could catch: said as what the test asks, so that a deliberate outsider does not read as a mistake.
      const account = resolveRequestPrincipal(model, named.arn).accountId;
      const message = `Test '${test.name}': ${named.arn} is of account ${account}, which the model does not describe: the test asks as a principal from outside the model, whose own policies are taken to allow.`;
      report(spans.principal, message, 'unknownPrincipal', severity);
    }
  }
  for (const problem of requestProblems(catalog, test.action, test.resource, test.context)) {
    const contextSpans = problem.key === undefined ? undefined : spans.context[problem.key];
    const span =
      problem.part === 'action'
        ? spans.action
        : problem.part === 'resource'
          ? spans.resource
          : ((problem.code === 'contextValueType' ? contextSpans?.value : contextSpans?.key) ?? test.nameSpan);
    report(span, `Test '${test.name}': ${problem.message}`, problem.code, severityOf(problem));
  }
  return diagnostics;
}

/**
 * Undefined for a principal a request can have. A user, role or session missing from an account the model describes
 * is a typo: an error. One of an account the model leaves out is an outsider (a cross-account test of a resource
 * policy), worth a warning only; so is anything else the model does not list.
 */
function principalSeverity(model: LoadedModel, arn: string): ModelDiagnostic['severity'] | undefined {
  if (requesterOf(model, arn) !== undefined) return undefined;
  const resolved = resolveRequestPrincipal(model, arn);
  switch (resolved.kind) {
    case 'root':
    case 'anonymous':
    case 'service':
    case 'canonicalUser':
    case 'federatedProvider':
    case 'federatedUser':
      return undefined;
    case 'unknown':
      return 'error';
    case 'user':
    case 'role':
    case 'roleSession':
      return resolved.accountId !== undefined && model.account(resolved.accountId) !== undefined ? 'error' : 'warning';
  }
}

function severityOf(problem: RequestProblem): ModelDiagnostic['severity'] {
  switch (problem.code) {
    // No request carries an action the catalog does not have: the test would pass or fail for the typo.
    case 'unknownAction':
      return 'error';
    // A catalog entry known to be incomplete is no mistake of the test: said as information.
    case 'catalogIncomplete':
      return 'info';
    default:
      return 'warning';
  }
}
