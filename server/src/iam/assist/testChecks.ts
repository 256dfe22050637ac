/**
 * Checks a policy test file against its model and the catalog: a principal the model does not know, an action the
 * catalog does not know, a resource that is not an ARN, a context key no service defines or a value of the wrong type
 * for its key is almost always a typo that would make the test pass or fail for the wrong reason. The request checks
 * are the evaluator's own (requestChecks.ts), so an editor and a run say the same. Findings point at the offending
 * value when `text` (the test file's text) is given, else at the test's name.
 */
import type { Catalog } from '../catalog/types';
import { requestProblems } from '../evaluator/requestChecks';
import type { LoadedModel, ModelDiagnostic } from '../model/modelTypes';
import type { PolicyTestFile } from '../model/testFile';

export function checkTestsAgainstModel(testFile: PolicyTestFile, model: LoadedModel, catalog: Catalog, text?: string): ModelDiagnostic[] {
  const diagnostics: ModelDiagnostic[] = [];
  const report = (span: { offset: number; length: number }, message: string, code: string): void => {
    diagnostics.push({ file: testFile.file, span, severity: 'warning', message, code });
  };
  for (const test of testFile.tests) {
    // The value's string literal inside this test's object, else the test's name.
    const at = (value: string): { offset: number; length: number } => {
      if (text === undefined) return test.nameSpan;
      const literal = JSON.stringify(value);
      const found = text.indexOf(literal, test.span.offset);
      return found >= 0 && found + literal.length <= test.span.offset + test.span.length ? { offset: found, length: literal.length } : test.nameSpan;
    };
    if (model.principal(test.principal) === undefined && !/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(test.principal)) {
      report(at(test.principal), `Test '${test.name}': the model has no principal ${test.principal}.`, 'unknownPrincipal');
    }
    for (const problem of requestProblems(catalog, test.action, test.resource, test.context)) {
      const value = problem.part === 'action' ? test.action : problem.part === 'resource' ? test.resource : (problem.key ?? '');
      report(at(value), `Test '${test.name}': ${problem.message}`, problem.code);
    }
  }
  return diagnostics;
}
