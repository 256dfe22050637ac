/**
 * Checks a policy test file against its model and the catalog: a principal the model does not know, an action the
 * catalog does not know, a resource that is not an ARN, a context key no service defines or a value of the wrong type
 * for its key is almost always a typo that would make the test pass or fail for the wrong reason. The request checks
 * are the evaluator's own (requestChecks.ts), so an editor and a run say the same. Findings point at what they are
 * about: the principal, the action, the resource, a context key (unknown) or its value (of the wrong type).
 */
import { principalArn } from '../model/principalByName';
import type { Catalog } from '../catalog/types';
import { requestProblems } from '../evaluator/requestChecks';
import type { LoadedModel, ModelDiagnostic } from '../model/modelTypes';
import { requesterOf } from '../model/requesters';
import type { PolicyTestFile } from '../model/testFile';

export function checkTestsAgainstModel(testFile: PolicyTestFile, model: LoadedModel, catalog: Catalog): ModelDiagnostic[] {
  const diagnostics: ModelDiagnostic[] = [];
  const report = (span: { offset: number; length: number }, message: string, code: string, severity: 'warning' | 'info' = 'warning'): void => {
    diagnostics.push({ file: testFile.file, span, severity, message, code });
  };
  for (const test of testFile.tests) {
    const spans = test.spans;
    // Users, roles, account roots, sessions of the model's roles and service principals are all requesters; a name
    // (`app-reader`) is fine where the model makes it unique.
    const named = test.principal.startsWith('arn:') ? undefined : principalArn(model, test.principal);
    if (named !== undefined && 'error' in named && requesterOf(model, test.principal) === undefined) {
      report(spans.principal, `Test '${test.name}': ${named.error}.`, 'unknownPrincipal');
    } else if (named === undefined && requesterOf(model, test.principal) === undefined && !/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(test.principal)) {
      report(spans.principal, `Test '${test.name}': the model has no principal ${test.principal}.`, 'unknownPrincipal');
    }
    for (const problem of requestProblems(catalog, test.action, test.resource, test.context)) {
      const contextSpans = problem.key === undefined ? undefined : spans.context[problem.key];
      const span =
        problem.part === 'action'
          ? spans.action
          : problem.part === 'resource'
            ? spans.resource
            : ((problem.code === 'contextValueType' ? contextSpans?.value : contextSpans?.key) ?? test.nameSpan);
      // A catalog entry known to be incomplete is no mistake of the test: said as information.
      report(span, `Test '${test.name}': ${problem.message}`, problem.code, problem.code === 'catalogIncomplete' ? 'info' : 'warning');
    }
  }
  return diagnostics;
}
