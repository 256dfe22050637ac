import type { EvaluationModel, ModelPrincipal, PolicyRef } from '../evaluator';

/**
 * The model with one principal's identity policies replaced (its boundary, its account's SCPs and RCPs and every
 * resource policy unchanged): what the account would be if the principal had only `policies`. The evaluator caches
 * per model object, so the view is a new object and the original's caches stay valid.
 */
export function withIdentityPolicies(model: EvaluationModel, principalArn: string, policies: readonly PolicyRef[]): EvaluationModel {
  const original = model.principal(principalArn);
  if (!original) return model;
  const swapped: ModelPrincipal = { ...original, identityPolicies: policies };
  const swap = (p: ModelPrincipal | undefined): ModelPrincipal | undefined => (p === original ? swapped : p);
  let principals: readonly ModelPrincipal[] | undefined;
  return {
    account: (id) => model.account(id),
    principal: (arn) => swap(model.principal(arn)),
    resource: (arn) => model.resource(arn),
    principals: () => (principals ??= model.principals().map((p) => swap(p) as ModelPrincipal)),
    resources: () => model.resources(),
  };
}
