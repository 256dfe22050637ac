// What the tests of lazily read models compare: a model's every answer with its explanation, its principals as plain
// data, and a model text made large enough to be read as values.
import { policyLookup } from '../../../server/src/iam/model';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import { explainResult, formatExplanationText } from '../../../server/src/iam/explain';
import type { LoadedModel, ModelPrincipal } from '../../../server/src/iam/model/modelTypes';
import { VALUES_FROM } from '../../../server/src/iam/model/valueTree';
import { realCatalog } from '../helpers/realCatalog';

export const TEST_OPTIONS = { catalog: realCatalog(), now: new Date('2026-06-01T12:00:00Z') };
const options = TEST_OPTIONS;

/** Every principal against every action and resource, each answer with its explanation located in the files. */
export function answers(model: LoadedModel, actions: readonly string[], resources: readonly string[]): unknown[] {
  const policyOf = policyLookup(model);
  const locate = (file: string, span: { offset: number; length: number } | undefined): string => `${file}@${span?.offset ?? '-'}+${span?.length ?? '-'}`;
  const out: unknown[] = [];
  for (const principal of model.principals()) {
    for (const action of actions) {
      for (const resource of resources) {
        for (const secure of ['true', 'false']) {
          const result = evaluate(
            model,
            { principal: principal.arn, action, resource, context: { 'aws:SecureTransport': secure, 'aws:PrincipalTag/team': 'red' } },
            options,
          );
          const explanation = explainResult(result, { policyOf });
          out.push({ result, explanation, text: formatExplanationText(explanation, locate) });
        }
      }
    }
  }
  return out;
}

/** A principal as plain data: its fields, and where each of its policies comes from. */
export function outline(principal: ModelPrincipal | undefined): unknown {
  if (principal === undefined) return undefined;
  const { identityPolicies, permissionsBoundary, trustPolicy, ...fields } = principal;
  return { ...fields, policies: [...identityPolicies, permissionsBoundary, trustPolicy].map((ref) => ref?.source) };
}

/** What a model lists, in its order, by ARN: a model read in parts must list as one read at once. */
export function listings(model: LoadedModel): Record<'principals' | 'resources' | 'groups' | 'managedPolicies', string[]> {
  return {
    principals: model.principals().map((p) => p.arn),
    resources: model.resources().map((r) => r.arn),
    groups: model.groups().map((g) => g.arn),
    managedPolicies: model.managedPolicies().map((p) => p.arn),
  };
}

/** The model's text with a description long enough to make it a large model. */
export function padded(text: string): string {
  return text.replace('{', `{\n  "description": "${'-'.repeat(VALUES_FROM)}",`);
}
