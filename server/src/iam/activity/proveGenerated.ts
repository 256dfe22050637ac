import type { Catalog } from '../catalog/types';
import type { EvaluationModel, EvaluationResult, ModelPrincipal, PolicyRef } from '../evaluator';
import { explainResult } from '../explain';
import { parsePolicy } from '../parser';
import { validatePolicy } from '../validator';
import type { ActivityRequest } from './activityTypes';
import { withIdentityPolicies } from './identityPolicySwap';
import { decideRecorded } from './replay';

export interface ProofFailure {
  readonly request: ActivityRequest;
  readonly decision: EvaluationResult['decision'];
  readonly reason: string;
}

export interface GenerationProof {
  /**
   * True when every recorded success that the generated policy governs is allowed, at least one is, and the policy
   * validates clean. When another layer denies every one, nothing shows what the policy allows: not passed.
   */
  readonly passed: boolean;
  /** Recorded successes replayed with the generated policy in place of the principal's identity policies. */
  readonly replayed: number;
  readonly allowed: number;
  /** Denied because the generated policy does not allow them: these fail the proof. */
  readonly failures: readonly ProofFailure[];
  /**
   * Denied by a layer the generated policy does not replace (boundary, SCP, RCP, resource policy), as the model
   * decides them today too: no identity policy could allow them, so they do not count against it.
   */
  readonly blockedElsewhere: readonly ProofFailure[];
  /** Validator findings at warning or above on the generated policy (none for a pass). */
  readonly findings: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
}

/**
 * The proof of a generated policy: replay the principal's recorded successes on the model with the generated policy
 * as its only identity policy, boundary, organization policies and resource policies unchanged; each must be
 * allowed. Then the validator must find nothing at warning or above.
 */
export function proveGenerated(
  model: EvaluationModel,
  catalog: Catalog,
  principal: ModelPrincipal,
  policyText: string,
  requests: readonly ActivityRequest[],
): GenerationProof {
  const parsed = parsePolicy(policyText);
  const ref: PolicyRef = { source: { name: 'generated policy', type: 'identity', attachedTo: `${principal.kind} ${principal.name}` }, parsed };
  const swapped = withIdentityPolicies(model, principal.arn, [ref]);
  const failures: ProofFailure[] = [];
  const blockedElsewhere: ProofFailure[] = [];
  let replayed = 0;
  let allowed = 0;
  for (const request of requests) {
    if (request.outcome !== 'allowed') continue;
    replayed++;
    const result = decideRecorded(swapped, catalog, request);
    if (result.decision === 'allowed') {
      allowed++;
      continue;
    }
    const failure = { request, decision: result.decision, reason: explainResult(result).reason };
    (byGeneratedPolicy(result, ref) ? failures : blockedElsewhere).push(failure);
  }
  const findings = validatePolicy(parsed, { type: 'identity', catalog })
    .findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
  const passed = failures.length === 0 && findings.length === 0 && (allowed > 0 || replayed === 0);
  return { passed, replayed, allowed, failures, blockedElsewhere, findings };
}

/** Is the generated policy why it was denied: the identity layer failed to allow, or its own statements deny? */
function byGeneratedPolicy(result: EvaluationResult, ref: PolicyRef): boolean {
  if (result.decision === 'implicitDeny') return result.failedLayer === 'identity' || result.failedLayer === undefined;
  return result.decidingStatements.some((s) => s.source === ref.source);
}
