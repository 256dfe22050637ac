import { compilePolicy, compileToDecide } from './compilePolicy';
import type { PolicyRef } from './model';
import { matchStatement, type RequestFacts } from './matchStatement';
import { strongerGrant, type GrantStrength } from './principalMatch';
import type { EvaluationError, LayerKind, LayerOutcome, LayerTrace, PolicyTrace, StatementTrace } from './types';

/** One layer evaluated: its trace plus what the decision flow needs from it. */
export interface LayerRun {
  readonly trace: LayerTrace;
  readonly allows: readonly StatementTrace[];
  readonly denies: readonly StatementTrace[];
  /** Statements whose action matched but that did not apply. */
  readonly nearMisses: readonly StatementTrace[];
  /** For principal-bearing layers: the strongest grant among the applicable Allows. */
  readonly strength?: GrantStrength;
  readonly errors: readonly EvaluationError[];
}

export interface LayerSpec {
  readonly kind: LayerKind;
  readonly label: string;
  readonly level?: string;
  readonly side?: 'principal' | 'resource';
  readonly note?: string;
}

const EMPTY: readonly StatementTrace[] = [];
const scratch: StatementTrace[] = [];
const policyScratch: PolicyTrace[] = [];
const staticLayerTraces = new WeakMap<LayerSpec, LayerTrace>();
/** The same for evaluations that only decide: their traces may have no positions, and must not serve the others. */
const staticDecidingTraces = new WeakMap<LayerSpec, LayerTrace>();

/** Evaluates every statement of every policy of a layer. Outcome: `denies` > `allows` > `noAllow`. */
export function runLayer(spec: LayerSpec, policies: readonly PolicyRef[], facts: RequestFacts): LayerRun {
  // Most layers have no allow, no deny or no near miss: each list is made when its first entry comes, at length one
  // (a list grown from empty by push reserves room for sixteen more), and layers of one policy (most) skip the
  // scratch list of policy traces.
  let allows: StatementTrace[] | undefined;
  let denies: StatementTrace[] | undefined;
  let nearMisses: StatementTrace[] | undefined;
  let errors: EvaluationError[] | undefined;
  let strength: GrantStrength | undefined;
  let layerStatic = true;
  let onlyTrace: PolicyTrace | undefined;
  for (let p = 0; p < policies.length; p++) {
    const ref = policies[p] as PolicyRef;
    const compiled = facts.positions ? compilePolicy(ref) : compileToDecide(ref);
    if (compiled.errors.length > 0) (errors ??= []).push(...compiled.errors);
    let policyTrace: PolicyTrace;
    if (compiled.staticActionId === facts.actionId) {
      // Asked before about this action, and no statement got past its Action: nothing to look at.
      policyTrace = compiled.staticTrace as PolicyTrace;
    } else {
      const usesPrincipals = compiled.usesPrincipals;
      // Traces are gathered in a scratch array and copied only when the policy's trace is not the shared static one
      // (evaluation is synchronous and runLayer does not recurse, so one scratch array suffices).
      let count = 0;
      let allStatic = true;
      for (const statement of compiled.statements) {
        const outcome = matchStatement(compiled, statement, facts, usesPrincipals);
        const trace = outcome.trace;
        scratch[count++] = trace;
        if (!outcome.static) allStatic = false;
        if (trace.applies) {
          if (statement.effect === 'Deny') {
            if (denies) denies.push(trace);
            else denies = [trace];
          } else {
            if (allows) allows.push(trace);
            else allows = [trace];
            strength = strongerGrant(strength, outcome.strength);
          }
        } else if (outcome.actionMatched) {
          if (nearMisses) nearMisses.push(trace);
          else nearMisses = [trace];
        }
      }
      if (allStatic) {
        // No statement got past its Action: the policy's trace is the same for every such request.
        policyTrace = (compiled.staticTrace as PolicyTrace | undefined) ?? (compiled.staticTrace = { source: ref.source, statements: scratch.slice(0, count) });
        compiled.staticActionId = facts.actionId;
      } else {
        layerStatic = false;
        policyTrace = { source: ref.source, statements: scratch.slice(0, count) };
      }
    }
    if (policies.length === 1) onlyTrace = policyTrace;
    else policyScratch[p] = policyTrace;
  }
  const outcome: LayerOutcome = denies ? 'denies' : allows ? 'allows' : 'noAllow';
  // Nothing in the layer got past its Action: the same trace serves every such request (spec objects are cached per
  // org level, resource and principal by requestLayers.ts, so this cache hits).
  const shareable = layerStatic && policies.length > 0;
  const staticTraces = facts.positions ? staticLayerTraces : staticDecidingTraces;
  let trace = shareable ? staticTraces.get(spec) : undefined;
  if (!trace) {
    trace = layerTrace(spec, outcome, onlyTrace ? [onlyTrace] : policyScratch.slice(0, policies.length));
    if (shareable) staticTraces.set(spec, trace);
  }
  const run: Mutable<LayerRun> = { trace, allows: allows ?? EMPTY, denies: denies ?? EMPTY, nearMisses: nearMisses ?? EMPTY, errors: errors ?? NO_ERRORS };
  if (strength) run.strength = strength;
  return run;
}

/** A layer that did not take part, with the reason. */
export function skippedLayer(spec: LayerSpec & { readonly note: string }): LayerRun {
  return { trace: layerTrace(spec, 'notApplicable', NO_POLICIES), allows: EMPTY, denies: EMPTY, nearMisses: EMPTY, errors: NO_ERRORS };
}

/** A layer decided without statements (the root user's identity side): `allows` with a note. */
export function grantedLayer(spec: LayerSpec & { readonly note: string }): LayerRun {
  return { trace: layerTrace(spec, 'allows', NO_POLICIES), allows: EMPTY, denies: EMPTY, nearMisses: EMPTY, errors: NO_ERRORS };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const NO_ERRORS: readonly EvaluationError[] = [];
const NO_POLICIES: readonly PolicyTrace[] = [];

function layerTrace(spec: LayerSpec, outcome: LayerOutcome, policies: readonly PolicyTrace[]): LayerTrace {
  const trace: Mutable<LayerTrace> = { kind: spec.kind, label: spec.label, outcome, policies };
  if (spec.level !== undefined) trace.level = spec.level;
  if (spec.side) trace.side = spec.side;
  if (spec.note !== undefined) trace.note = spec.note;
  return trace;
}
