import type { EvaluationResult, LayerKind, StatementTrace } from '../evaluator/types';
import { assertNever } from '../policyTypes';
import type { Span } from '../span';
import type { ExplainedLayer, ExplainedReason, ExplainedStatement } from './explanation';
import { canHaveResourcePolicy, policyHolder } from '../resourcePolicyServices';
import { noAllowSentence, noResourcePolicySentence } from './sentences';

export interface ReasonParts {
  /** Explained deciding statements and near misses, in the order of `result.decidingStatements` / `nearMisses`. */
  readonly deciding: readonly ExplainedStatement[];
  readonly nearMisses: readonly ExplainedStatement[];
  readonly failed: ExplainedLayer | undefined;
  readonly layerOf: (statement: StatementTrace) => LayerKind | undefined;
}

export interface ReasonLine {
  readonly text: string;
  readonly file?: string;
  readonly span?: Span;
}

/**
 * The one line under the verdict. It reuses the sentences the statements were already explained with (a near
 * miss's headline names the element that did not match; a deciding Deny's telling reason is its condition), so a
 * reason is worded once whichever face shows it.
 */
export function reasonLine(result: EvaluationResult, parts: ReasonParts): ReasonLine {
  switch (result.decision) {
    case 'implicitDeny': {
      const closest = closestMiss(result, parts);
      if (closest)
        return pointing(
          closest.headline,
          closest,
          closest.reasons.find((r) => !r.matched),
        );
      if (result.note !== undefined && !parts.failed) return { text: result.note };
      if (parts.failed?.kind === 'resource' && parts.failed.policies.length === 0 && result.crossAccount && canHaveResourcePolicy(result.request.resource))
        return { text: noResourcePolicySentence(policyHolder(result.request.resource), result.request.action) };
      if (parts.failed) return { text: noAllowSentence(parts.failed.label, result.request.action) };
      return { text: noAllowSentence('any policy', result.request.action) };
    }
    case 'explicitDeny': {
      const index = result.decidingStatements.findIndex((s) => s.effect === 'Deny');
      const deny = parts.deciding[index];
      if (!deny) return { text: result.note ?? 'An explicit deny applies' };
      const condition = deny.reasons.find((r) => r.element === 'Condition' && r.matched);
      return pointing(condition ? `${deny.headline}: ${condition.sentence}` : deny.headline, deny, condition);
    }
    case 'allowed': {
      const allow = parts.deciding.find((s) => s.effect === 'Allow');
      if (allow)
        return pointing(
          allow.headline,
          allow,
          allow.reasons.find((r) => r.element === 'Condition'),
        );
      return { text: result.note ?? result.layers.find((l) => l.outcome === 'allows' && l.note !== undefined)?.note ?? 'Allowed' };
    }
    default:
      return assertNever(result.decision);
  }
}

/**
 * The Allow near miss of the layer that failed with the fewest things that did not match (the smallest change);
 * the evaluator lists the failed layer's misses first, so ties keep its order. A Principal that does not name the
 * caller counts for a little more than a condition: the statement was written for someone else (a key policy's
 * statement for the account, beside the one for this partner that lacks only kms:ViaService).
 */
function closestMiss(result: EvaluationResult, parts: ReasonParts): ExplainedStatement | undefined {
  let best: ExplainedStatement | undefined;
  let bestCount = Number.POSITIVE_INFINITY;
  result.nearMisses.forEach((trace, i) => {
    const explained = parts.nearMisses[i];
    if (!explained || trace.effect !== 'Allow') return;
    if (parts.failed !== undefined && parts.layerOf(trace) !== parts.failed.kind) return;
    const count = explained.reasons.filter((r) => !r.matched).length + (namesSomeoneElse(trace) ? 0.5 : 0);
    if (count < bestCount) {
      best = explained;
      bestCount = count;
    }
  });
  return best;
}

/** A statement whose Principal (or NotPrincipal) did not match the caller. */
export function namesSomeoneElse(statement: StatementTrace): boolean {
  return statement.elements.some((e) => !e.matched && (e.element === 'Principal' || e.element === 'NotPrincipal'));
}

function pointing(text: string, statement: ExplainedStatement, reason: ExplainedReason | undefined): ReasonLine {
  const span = reason?.span ?? statement.span;
  const file = statement.policy.file;
  return { text, ...(file !== undefined && span !== undefined ? { file, span } : {}) };
}
