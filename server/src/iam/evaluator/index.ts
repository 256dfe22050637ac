/**
 * The evaluator's facade: `evaluate` decides a request against a model and explains it (`decideRequest` only decides,
 * sooner); `compilePolicy` prepares a policy once (the model loader may call it eagerly to surface errors early).
 */
export { evaluate, decideRequest, sessionPoliciesNotApplied, type EvaluationOptions } from './evaluate';
export { compilePolicy } from './compilePolicy';
export type { CompiledPolicy } from './compiledPolicy';
export { RCP_FULL_AWS_ACCESS } from './rcpFullAccess';
export type * from './types';
export type * from './model';
export { requestProblems, type RequestProblem } from './requestChecks';
export { contextAsSent, isServiceOnlyKey } from './serviceOnlyKeys';
export { isModelFilledKey } from './impliedContext';
export { resolveRequestPrincipal } from './requestPrincipal';
