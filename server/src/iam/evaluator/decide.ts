import type { LayerRun } from './layers';
import type { RequestPrincipal } from './requestPrincipal';
import type { RequestLayers } from './requestLayers';
import type { Decision, LayerKind, StatementTrace } from './types';

export interface Verdict {
  readonly decision: Decision;
  readonly failedLayer?: LayerKind;
  /** The layers whose Allow statements granted (their applicable Allows are the deciding statements). */
  readonly granting: readonly LayerRun[];
  readonly denies: readonly StatementTrace[];
  /** Notes to attach to layers, by layer run: why a layer that did not allow was not needed. */
  readonly notes: ReadonlyMap<LayerRun, string>;
  /**
   * Set when the principal's own policies allowed within one account and the resource's policy, naming someone else,
   * allowed nothing: that layer was not needed (`RESOURCE_NOT_NEEDED`). A flag, not a note in `notes`: an allowed
   * request of this kind is the commonest there is, and a map for each would be made on every evaluation.
   */
  readonly resourceNotNeeded?: boolean;
}

const NO_STATEMENTS: readonly StatementTrace[] = [];
const NO_NOTES: ReadonlyMap<LayerRun, string> = new Map();
const NO_RUNS: readonly LayerRun[] = [];

/** Principals with no identity side: only the resource side decides (rules 27, 31). */
const RESOURCE_ONLY = new Set(['anonymous', 'service', 'federatedProvider', 'canonicalUser']);

/**
 * AWS's decision flow over the evaluated layers (rules 4–11, 19–25, 32–36):
 * 1. an applicable Deny anywhere ⇒ explicit deny;
 * 2. every RCP level, then every SCP level, must allow;
 * 3. same account: a resource policy that names the principal directly decides alone; one that names the role of a
 *    session (or the user behind a federated user) still needs the boundary and session policies; otherwise the
 *    identity policies, boundary and session policies must allow. Trust and key policies must allow in any case;
 * 4. cross account: the resource side (resource policy) and the principal side (identity, boundary, session) must
 *    both allow.
 */
export function decide(layers: RequestLayers, runs: readonly LayerRun[], principal: RequestPrincipal, crossAccount: boolean): Verdict {
  const verdict = decidePolicies(layers, runs, principal, crossAccount);
  // A VPC endpoint policy is one more gate (rule 5, impl.): after everything else allowed, it must allow too.
  if (verdict.decision === 'allowed' && layers.endpoint && layers.endpoint.trace.outcome !== 'allows') {
    return { ...verdict, decision: 'implicitDeny', failedLayer: 'endpoint', granting: NO_RUNS };
  }
  return verdict;
}

/** `runs` is `allRuns(layers)`. */
function decidePolicies(layers: RequestLayers, runs: readonly LayerRun[], principal: RequestPrincipal, crossAccount: boolean): Verdict {
  let denies: readonly StatementTrace[] = NO_STATEMENTS;
  for (const run of runs) if (run.denies.length > 0) denies = denies.length === 0 ? run.denies : [...denies, ...run.denies];
  // Most verdicts carry no note: a map is made only for those that do.
  const notes = NO_NOTES;
  if (denies.length > 0) return { decision: 'explicitDeny', granting: NO_RUNS, denies, notes };
  const deny = (failedLayer: LayerKind): Verdict => ({ decision: 'implicitDeny', failedLayer, granting: NO_RUNS, denies, notes });
  const allows = (run: LayerRun | undefined): boolean => run === undefined || run.trace.outcome !== 'noAllow';

  for (const run of layers.rcp) if (!allows(run)) return deny('rcp');
  for (const run of layers.scp) if (!allows(run)) return deny('scp');

  const resource = layers.resource;
  const resourceAllows = resource.trace.outcome === 'allows';
  const identityAllows = layers.identity.trace.outcome === 'allows' || layers.identityAssumed;
  const principalSideFailure = (): LayerKind | undefined => {
    if (!identityAllows) return 'identity';
    if (!allows(layers.boundary)) return 'boundary';
    if (!allows(layers.session)) return 'session';
    return undefined;
  };
  const limitsFailure = (): LayerKind | undefined => {
    if (!allows(layers.boundary)) return 'boundary';
    if (!allows(layers.session)) return 'session';
    return undefined;
  };

  if (RESOURCE_ONLY.has(principal.kind)) {
    if (!resourceAllows) return deny(layers.resourceKind);
    return { decision: 'allowed', granting: [resource], denies, notes };
  }

  if (crossAccount) {
    // Rule 32: both accounts must allow; the resource side first, as AWS evaluates it first.
    if (!resourceAllows) return deny(layers.resourceKind);
    const failed = principalSideFailure();
    if (failed) return deny(failed);
    return { decision: 'allowed', granting: [resource, layers.identity], denies, notes };
  }

  if (layers.resourceRequired && !resourceAllows) return deny(layers.resourceKind);
  const strength = resourceAllows ? resource.strength : undefined;
  if (strength === 'direct') {
    const note = 'Not needed: the resource-side policy names this principal, which suffices within one account.';
    const notNeeded = new Map<LayerRun, string>();
    for (const run of [layers.identity, layers.boundary, layers.session]) if (run && run.trace.outcome === 'noAllow') notNeeded.set(run, note);
    return { decision: 'allowed', granting: [resource], denies, notes: notNeeded };
  }
  if (strength === 'limited') {
    const failed = limitsFailure();
    if (failed) return deny(failed);
    const notNeeded =
      layers.identity.trace.outcome === 'noAllow'
        ? new Map([
            [layers.identity, 'Not needed: the resource-side policy names the role (or federating user), so only the boundary and session policies limit it.'],
          ])
        : NO_NOTES;
    return { decision: 'allowed', granting: [resource], denies, notes: notNeeded };
  }
  const failed = principalSideFailure();
  if (failed) return deny(failed);
  if (layers.resourceRequired) return { decision: 'allowed', granting: [resource, layers.identity], denies, notes };
  // A resource policy that names someone else (a bucket shared with one role) does not stand in the way within one
  // account: the principal's own policies suffice, and the answer says so rather than show the policy as failing.
  if (resource.trace.outcome === 'noAllow') return { decision: 'allowed', granting: [layers.identity], denies, notes, resourceNotNeeded: true };
  return { decision: 'allowed', granting: [layers.identity], denies, notes };
}

/** The note on a resource policy that allowed nothing, on a request the principal's own policies allowed (one account). */
export const RESOURCE_NOT_NEEDED = "Not needed: within one account, the principal's own policies allowing it suffice.";

export function allRuns(layers: RequestLayers): LayerRun[] {
  // Filled at its final length: this runs on every evaluation.
  const runs = new Array<LayerRun>(
    layers.rcp.length + layers.scp.length + 2 + (layers.boundary ? 1 : 0) + (layers.session ? 1 : 0) + (layers.endpoint ? 1 : 0),
  );
  let n = 0;
  for (const run of layers.rcp) runs[n++] = run;
  for (const run of layers.scp) runs[n++] = run;
  runs[n++] = layers.resource;
  runs[n++] = layers.identity;
  if (layers.boundary) runs[n++] = layers.boundary;
  if (layers.session) runs[n++] = layers.session;
  if (layers.endpoint) runs[n++] = layers.endpoint;
  return runs;
}
