/** The request a policy test describes, built once for the command line and the language server's Testing view. */
import type { EvaluationRequest } from '../evaluator';
import type { PolicyTest } from '../model';

export function requestOfTest(test: PolicyTest): EvaluationRequest {
  return {
    principal: test.principal,
    action: test.action,
    resource: test.resource,
    context: test.context,
    ...(test.sessionPolicies.length > 0 ? { sessionPolicies: test.sessionPolicies.map((r) => r.source), sessionPolicyRefs: test.sessionPolicies } : {}),
  };
}
