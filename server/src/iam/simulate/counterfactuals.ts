import { holdsUnresolved } from '../unresolvedMarker';
import type { Decision, EvaluationResult, PolicySource } from '../evaluator';
import type { Fix } from '../explain';
import type { DecisionProbe } from './decisionProbe';
import type { PolicyOf } from './candidate';
import { fixCandidates } from './fixCandidates';
import { pairedFix } from './pairedFix';
import type { ModelFile, ResourceHome } from './inlinePolicyAdded';

/** More would be a list nobody reads; the first ones are the most telling (fixCandidates orders them). */
const MAX_FIXES = 4;
/**
 * At most this many edits are tried for one request: each is judged on the loaded model with the edited document
 * swapped in, but one the loaded model cannot judge loads the model again (about a second for a model of 5,000
 * principals, more for a large export); context changes only evaluate again and are not counted.
 */
const MAX_EDIT_TRIALS = 4;

/** What the request becomes, as the fix's title ends. */
const OUTCOME: Record<Decision, string> = {
  allowed: 'allowed',
  explicitDeny: 'denied by an explicit deny',
  implicitDeny: 'no explicit deny, but nothing allows it (implicit deny)',
};

/** What the catalog says is real, so that fixes stay within it (each undefined: not checked). */
export interface FixGuards {
  readonly knownKey?: (key: string) => boolean;
  readonly knownAction?: (action: string) => boolean;
  readonly resourceOfAction?: (action: string, resource: string) => boolean;
  /** Whether a statement that lists the resource grants the action on it (for what a fix says it grants besides). */
  readonly grantsOn?: (action: string, resource: string) => boolean;
  /** The action the catalog takes a misspelt one for, so that a fix mends a typo in a policy where it is. */
  readonly meantAction?: (listed: string) => string | undefined;
  /** The condition key the catalog takes a misspelt one for, so that a fix mends it in the policy. */
  readonly meantKey?: (key: string) => string | undefined;
  /** False for a value AWS never gives the key (a private address in aws:SourceIp). */
  readonly possibleValue?: (key: string, value: string) => boolean;
  /** What a fix names in a Principal for the request's principal (see `CandidateOptions.principalToName`). */
  readonly principalToName?: string;
  /** The resource as the model declares it (`CandidateOptions.resourceHome`). */
  readonly resourceHome?: ResourceHome;
  /** The other principals a policy is written once for (`CandidateOptions.sharedWith`). */
  readonly sharedWith?: (source: PolicySource) => readonly string[];
  /** The hand-written model's file, where a fix may give the principal an inline policy (`CandidateOptions.modelFile`). */
  readonly modelFile?: () => ModelFile | undefined;
}

/**
 * The counterfactual fixes of a decision: each candidate is applied alone and the request evaluated again; a
 * candidate is kept only when the decision changes, and says what it becomes. Deterministic: candidates are tried in
 * a fixed order, and no clock or randomness enters. Fixes that make the request allowed come first. The guards keep
 * fixes real: no fix sets a context key that does not exist or a value AWS never gives it, adds an action that does
 * not exist, or adds a resource the action never acts on.
 */
export function counterfactualFixes(result: EvaluationResult, policyOf: PolicyOf, probe: DecisionProbe, guards: FixGuards = {}): Fix[] {
  const { knownKey, knownAction, resourceOfAction, grantsOn, meantAction, meantKey, possibleValue, principalToName, modelFile, sharedWith, resourceHome } =
    guards;
  const fixes: Fix[] = [];
  const forSomeoneElse = new Set<Fix>();
  const seen = new Set<string>();
  let editTrials = 0;
  const addResource = resourceOfAction === undefined || resourceOfAction(result.request.action, result.request.resource);
  // A request AWS never receives (s3:ListBucket on an object) is not made to be allowed by adding its action either.
  const addAction = (knownAction === undefined || knownAction(result.request.action)) && addResource;
  const options = {
    addAction,
    addResource,
    ...(grantsOn ? { grantsOn } : {}),
    ...(meantAction ? { meantAction } : {}),
    ...(meantKey ? { meantKey } : {}),
    ...(principalToName ? { principalToName } : {}),
    ...(modelFile ? { modelFile } : {}),
    ...(sharedWith ? { sharedWith } : {}),
    ...(resourceHome ? { resourceHome } : {}),
  };
  // Context a request can carry: keys that exist, values AWS gives them, none a template leaves open.
  const carriable = (context: Fix['context']): boolean =>
    Object.entries(context).every(
      ([key, value]) =>
        (knownKey === undefined || knownKey(key)) &&
        [value].flat().every((one) => (possibleValue === undefined || possibleValue(key, one)) && !holdsUnresolved(one)),
    );
  for (const group of fixCandidates(result, policyOf, options)) {
    if (fixes.length >= MAX_FIXES) break;
    for (const candidate of group) {
      const key = JSON.stringify([candidate.edits, candidate.context]);
      if (seen.has(key)) break;
      // A statement mended where it is (a Version that makes its ${aws:username} a variable) is what its author meant.
      if (candidate.ownGrant === true && fixes.some((fix) => fix.cause !== undefined && fix.decision === 'allowed')) break;
      if (candidate.kind === 'edit' && editTrials++ >= MAX_EDIT_TRIALS) continue;
      if (!carriable(candidate.context)) continue;
      const decision = candidate.kind === 'context' ? probe.withContext(candidate.context) : probe.withEdits(candidate.edits);
      if (decision === undefined || decision === result.decision) continue;
      seen.add(key);
      const fix: Fix = {
        title: `${candidate.title} → ${OUTCOME[decision]}`,
        kind: candidate.kind,
        edits: candidate.edits,
        context: candidate.context,
        decision,
        ...(candidate.misspelt ? { misspelt: candidate.misspelt } : {}),
        ...(candidate.cause ? { cause: candidate.cause } : {}),
      };
      if (candidate.forSomeoneElse === true) forSomeoneElse.add(fix);
      fixes.push(fix);
      break;
    }
  }
  // Two layers that each refuse have no single fix: both changed together may be one.
  if (!fixes.some((fix) => fix.decision === 'allowed') && fixes.length < MAX_FIXES) {
    const paired = pairedFix(result, policyOf, probe, options, carriable);
    if (paired) fixes.push(paired);
  }
  // A fix that makes the request allowed answers the question asked; the others come after it. Within each, a fix that
  // names the principal in a statement written for someone else comes after those of statements written for it.
  const rank = (fix: Fix): number => (fix.decision === 'allowed' ? 0 : 2) + (forSomeoneElse.has(fix) ? 1 : 0);
  return fixes
    .map((fix, order) => ({ fix, order }))
    .sort((a, b) => rank(a.fix) - rank(b.fix) || a.order - b.order)
    .map((f) => f.fix);
}
