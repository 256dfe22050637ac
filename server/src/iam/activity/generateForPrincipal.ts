import type { Catalog } from '../catalog/types';
import type { EvaluationModel, ModelPrincipal } from '../evaluator';
import type { ActivityRequest } from './activityTypes';
import { conditionsLeftOut } from './conditionsLeftOut';
import { generatePolicy, type GeneratedPolicy } from './generatePolicy';
import { generationReportLines } from './generationReport';
import { actionsUsed, activityOf } from './principalActivity';
import { proveGenerated, type GenerationProof } from './proveGenerated';
import { unusedAccess, type UnusedAccess } from './unusedAccess';

/** A least-privilege policy for one principal, made from its recorded successes and proven on the same logs. */
export interface PrincipalGeneration {
  readonly policy: GeneratedPolicy;
  /** The policy as JSON text, as it is printed and proven. */
  readonly text: string;
  readonly proof: GenerationProof;
  readonly unused: UnusedAccess;
  readonly conditionsLeftOut: readonly string[];
  /** The report in lines, worded once for every face (`generationReportLines`). */
  readonly report: readonly string[];
}

/**
 * The "generate a policy from activity" use case, written once for every face (the command line's `generate`, the
 * editor's command): the principal's calls, the policy made from its successes, its proof, the access the current
 * policies grant that went unused, and the conditions the generated policy leaves out. Undefined when the logs hold
 * no successful call of the principal: nothing to generate from.
 */
export function generateForPrincipal(
  model: EvaluationModel,
  catalog: Catalog,
  principal: ModelPrincipal,
  requests: readonly ActivityRequest[],
  unmapped: number,
): PrincipalGeneration | undefined {
  const mine = activityOf(principal, requests);
  const successes = mine.filter((r) => r.outcome === 'allowed');
  if (successes.length === 0) return undefined;
  const policy = generatePolicy(mine);
  const text = JSON.stringify(policy, null, 2);
  const proof = proveGenerated(model, catalog, principal, text, mine);
  const unused = unusedAccess(catalog, principal, actionsUsed(successes));
  const leftOut = conditionsLeftOut(model, catalog, successes);
  const report = generationReportLines({
    principal: principal.arn,
    calls: mine.length,
    successes: successes.length,
    statements: policy.Statement.length,
    proof,
    unused,
    unmapped,
    conditionsLeftOut: leftOut,
  });
  return { policy, text, proof, unused, conditionsLeftOut: leftOut, report };
}
