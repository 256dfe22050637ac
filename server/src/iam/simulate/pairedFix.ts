import type { ContextValue, EvaluationResult, LayerKind } from '../evaluator/types';
import type { Fix } from '../explain';
import type { Candidate, PolicyOf } from './candidate';
import type { DecisionProbe } from './decisionProbe';
import { fixCandidates, type CandidateOptions } from './fixCandidates';

/** The first changes of each layer tried together: each pair is one more evaluation, and the first ones say most. */
const PER_LAYER = 2;

/**
 * A denial two layers each refuse has no single fix: AWS needs both to allow. A role's trust policy and the caller's
 * own policies for sts:AssumeRole (the trust lets the account in with MFA; the caller may not call sts:AssumeRole),
 * a bucket or key policy (or none at all) and the caller's policies across accounts. Where one of the two is the
 * caller's identity policies, the first changes each layer's own candidates offer are tried in pairs, judged together
 * as every fix is judged alone; the first pair that allows the request is the fix, said as both changes.
 */
export function pairedFix(
  result: EvaluationResult,
  policyOf: PolicyOf,
  probe: DecisionProbe,
  options: CandidateOptions,
  carriable: (context: Fix['context']) => boolean,
): Fix | undefined {
  if (result.decision !== 'implicitDeny') return undefined;
  const refusing = new Set(result.layers.filter((layer) => layer.outcome === 'noAllow').map((layer) => layer.kind));
  // Across accounts a resource with no policy refuses too, though its layer has nothing to evaluate.
  if (result.crossAccount && result.layers.some((layer) => layer.kind === 'resource' && layer.policies.length === 0)) refusing.add('resource');
  const other = [...refusing].find((kind) => kind !== 'identity');
  if (refusing.size !== 2 || !refusing.has('identity') || other === undefined) return undefined;
  // Each layer's first changes a request can carry, that do not allow alone (one that does is a fix of its own, which
  // the single changes ran out of trials before reaching: said alone, not paired).
  const judge = (edits: Fix['edits'], context: Fix['context']) => (edits.length === 0 ? probe.withContext(context) : probe.withEdits(edits, context));
  const own = (kind: LayerKind): Candidate[] =>
    fixCandidates({ ...result, failedLayer: kind }, policyOf, { ...options, ownLayerOnly: true })
      .flatMap((group) => group.slice(0, 1))
      .filter((candidate) => carriable(candidate.context))
      .slice(0, PER_LAYER);
  const theirs = own(other);
  const identity = own('identity');
  const halves = [...theirs, ...identity];
  const alone = halves.find((candidate) => judge(candidate.edits, candidate.context) === 'allowed');
  if (alone) return { title: `${alone.title} → allowed`, kind: alone.kind, edits: alone.edits, context: alone.context, decision: 'allowed' };
  for (const first of theirs) {
    for (const second of identity) {
      const context: Record<string, ContextValue> = { ...first.context, ...second.context };
      const edits = [...first.edits, ...second.edits];
      const decision = judge(edits, context);
      if (decision !== 'allowed') continue;
      return {
        title: `${first.title}, and ${second.title.charAt(0).toLowerCase()}${second.title.slice(1)} → allowed`,
        kind: edits.length > 0 ? 'edit' : 'context',
        edits,
        context,
        decision,
        paired: true,
      };
    }
  }
  return undefined;
}
