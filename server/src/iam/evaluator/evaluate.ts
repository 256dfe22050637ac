import type { Catalog } from '../catalog/types';
import { actionId } from './actionIds';
import { arnAccount, arnComponents } from '../arn';
import { allRuns, decide, RESOURCE_NOT_NEEDED, type Verdict } from './decide';
import { principalEntries, regionEntries, resourceEntries, serviceEntries, timeEntries } from './impliedContext';
import { skippedLayer, type LayerRun } from './layers';
import type { RequestFacts } from './matchStatement';
import type { EvaluationModel, ModelPrincipal, ModelResource, PolicyRef } from './model';
import { isPublicPolicy } from './blockPublicAccess';
import { RequestContext } from './requestContext';
import { requestProblems } from './requestChecks';
import { collectLayers, type RequestLayers } from './requestLayers';
import { resolveRequestPrincipal, type RequestPrincipal } from './requestPrincipal';
import { alwaysAllowed, closedToRootUser, immutableTarget } from './serviceRules';
import type { Decision, EvaluationError, EvaluationRequest, EvaluationResult, LayerKind, LayerTrace, StatementTrace } from './types';

export interface EvaluationOptions {
  /**
   * The action catalog. With it, actions that have no resource types (wildcard-only actions, rule 42) match only
   * `Resource: "*"`, and RCPs apply to the services the catalog lists. Without it, every action is matched against
   * its Resource patterns as given, and a built-in list of RCP services is used. With it too, the request itself is
   * checked (an unknown action, a resource that is not an ARN, context values of the wrong type: requestChecks.ts).
   */
  readonly catalog?: Catalog;
  /** The time for `aws:CurrentTime`/`aws:EpochTime` when the request does not give them; defaults to now. */
  readonly now?: Date;
}

/**
 * Decides a request against a model the way AWS does, and explains the decision in the same pass: every layer in
 * AWS's order with every statement's element and condition trace, the deciding statements, near misses and errors.
 * Never throws: problems (unknown principal, malformed statements) are collected in `errors` (invariant 3).
 */
export function evaluate(model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions = {}): EvaluationResult {
  try {
    return evaluateUnguarded(model, request, options, true);
  } catch (error) {
    // A defect (or a model object that throws) must not reach the user as an exception: deny, and say why.
    return failedEvaluation(request, error);
  }
}

/**
 * The decision `evaluate` would give, and only that: policies the model loader keeps as text are compiled without
 * positions where a plain reading means the same (compileToDecide), which costs a tenth of a positioned parse, and
 * no trace leaves. For bulk runs that explain only some answers (a test run explains its failing tests): explaining
 * one is evaluating it again with `evaluate`, which decides the same.
 */
export function decideRequest(model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions = {}): Decision {
  try {
    return decideUnguarded(model, request, options, false).final.decision;
  } catch {
    // As evaluate answers a request it fails on (failedEvaluation).
    return 'implicitDeny';
  }
}

/** `evaluate` as decideRequest runs it: the decision is exact, the spans in the trace may all be empty (for tests). */
export function evaluateWithoutPositions(model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions = {}): EvaluationResult {
  try {
    return evaluateUnguarded(model, request, options, false);
  } catch (error) {
    return failedEvaluation(request, error);
  }
}

function failedEvaluation(request: EvaluationRequest, error: unknown): EvaluationResult {
  const message = `The evaluator failed on this request: ${error instanceof Error ? error.message : String(error)}`;
  const context = { ...(request.context ?? {}) };
  return {
    decision: 'implicitDeny',
    request: evaluatedRequest(request, context),
    context,
    layers: [],
    decidingStatements: [],
    nearMisses: [],
    errors: [{ message }],
    crossAccount: false,
    note: message,
  };
}

/** What deciding a request yields, before it is laid out as an `EvaluationResult`. */
interface Decided {
  readonly principal: RequestPrincipal;
  readonly crossAccount: boolean;
  readonly context: RequestContext;
  /** The Region the resource's ARN names, as the implied context holds it (rule 71), whether or not the request gave one. */
  readonly resourceRegion: string | undefined;
  readonly layers: RequestLayers;
  readonly runs: readonly LayerRun[];
  readonly verdict: Verdict;
  readonly final: FinalDecision;
}

function evaluateUnguarded(model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions, positions: boolean): EvaluationResult {
  const { principal, crossAccount, context, resourceRegion, layers, runs, verdict, final } = decideUnguarded(model, request, options, positions);
  const { decision, failedLayer, note, deciding } = final;
  const errors: EvaluationError[] = [];
  if (principal.problem) errors.push({ message: principal.problem });
  const unused = sessionPoliciesNotApplied(principal, request);
  if (unused !== undefined) errors.push({ message: unused });
  if (options.catalog)
    for (const problem of requestProblems(options.catalog, request.action, request.resource, request.context)) errors.push({ message: problem.message });
  for (const run of runs) errors.push(...run.errors);
  const layerTraces = layerStrip(layers, verdict, principal, crossAccount);
  const nearMisses = collectNearMisses(runs, decision, failedLayer);
  const contextRecord = context.toRecord();
  const result: Mutable<EvaluationResult> = {
    decision,
    request: evaluatedRequest(request, contextRecord),
    context: contextRecord,
    layers: layerTraces,
    decidingStatements: deciding,
    nearMisses,
    errors: errors.length > 1 ? dedupe(errors) : errors,
    crossAccount,
  };
  if (failedLayer) result.failedLayer = failedLayer;
  if (note) result.note = note;
  const givenRegion = context.givenEntry('aws:requestedregion')?.values[0];
  if (givenRegion === undefined && resourceRegion !== undefined) result.regionFromResource = resourceRegion;
  // A Region given that is not the one the resource is reached in: a request AWS would not route there.
  if (givenRegion !== undefined && resourceRegion !== undefined && givenRegion !== resourceRegion)
    result.regionGivenElsewhere = { given: givenRegion, resource: resourceRegion };
  return result;
}

/** Every layer run and the decision; the errors, trace strip and context record are evaluateUnguarded's to gather. */
function decideUnguarded(model: EvaluationModel, request: EvaluationRequest, options: EvaluationOptions, positions: boolean): Decided {
  const principal = resolveRequestPrincipal(model, request.principal, request.federatedBy);
  const resourceEntity = model.resource(request.resource);
  const resourceParts = requestResourceParts(request.resource);
  const resourcePrincipal = resourceParts[2] === 'iam' ? model.principal(request.resource) : undefined;
  const targetRole: ModelPrincipal | undefined = resourcePrincipal?.kind === 'role' ? resourcePrincipal : undefined;
  // S3 ARNs carry no account: a bucket outside the model is taken to be in the principal's account.
  const resourceAccountId = resourceEntity?.accountId ?? resourcePrincipal?.accountId ?? arnAccount(request.resource) ?? principal.accountId;
  const crossAccount =
    principal.accountId !== undefined && resourceAccountId !== undefined && principal.accountId !== resourceAccountId && principal.kind !== 'anonymous';

  const actionLower = request.action.toLowerCase();
  const region = regionEntries(resourceParts, actionLower);
  const context = new RequestContext(request.context ?? {}, [
    principalEntries(model, principal),
    resourceEntries(model, resourceAccountId, resourceEntity?.tags ?? resourcePrincipal?.tags),
    serviceEntries(actionLower, principal),
    region,
    timeEntries(options.now ?? new Date()),
  ]);
  const holder = principal.kind === 'federatedUser' ? principal.federatedBy : principal.entity;
  const facts: RequestFacts = {
    action: request.action,
    actionLower,
    actionId: actionId(actionLower),
    resource: request.resource,
    resourceParts,
    wildcardOnly: isWildcardOnly(actionLower, options.catalog),
    context,
    principal,
    hasBoundary: holder?.permissionsBoundary !== undefined,
    positions,
  };

  const layers = collectLayers({ model, request, principal, resourceEntity, targetRole, resourceAccountId, crossAccount, facts, catalog: options.catalog });
  const runs = allRuns(layers);
  const verdict = decide(layers, runs, principal, crossAccount);
  const final = finalDecision(verdict, {
    request,
    actionLower,
    resourceParts,
    resourceEntity,
    resourceKind: layers.resourceKind,
    principalKind: principal.kind,
    crossAccount,
  });
  return { principal, crossAccount, context, resourceRegion: region.get('aws:requestedregion')?.values[0], layers, runs, verdict, final };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Every layer AWS evaluates, in its order, each with its trace: layers that did not take part still appear, so the
 * strip always shows all of them. The list is filled at its final length (this runs on every evaluation).
 */
function layerStrip(layers: RequestLayers, verdict: Verdict, principal: RequestPrincipal, crossAccount: boolean): LayerTrace[] {
  const side = crossAccount ? 1 : 0;
  const boundary = layers.boundary ?? NO_BOUNDARY[side];
  const session = layers.session ?? (principal.kind === 'roleSession' || principal.kind === 'role' ? NO_SESSION_POLICY : NOT_A_SESSION)[side];
  const layerTraces: LayerTrace[] = new Array<LayerTrace>(layers.rcp.length + layers.scp.length + (layers.endpoint ? 5 : 4));
  let shown = 0;
  const show = (run: LayerRun): void => {
    const note =
      verdict.notes.size > 0 ? verdict.notes.get(run) : verdict.resourceNotNeeded === true && run === layers.resource ? RESOURCE_NOT_NEEDED : undefined;
    layerTraces[shown++] = note ? { ...run.trace, note } : run.trace;
  };
  for (const run of layers.rcp) show(run);
  for (const run of layers.scp) show(run);
  show(layers.resource);
  show(layers.identity);
  show(boundary);
  show(session);
  if (layers.endpoint) show(layers.endpoint);
  return layerTraces;
}

interface FinalDecision {
  readonly decision: Decision;
  readonly failedLayer: LayerKind | undefined;
  readonly note: string | undefined;
  readonly deciding: StatementTrace[];
}

/**
 * The policies' verdict, unless a rule of the service itself overrides it: actions every principal may call, targets
 * nobody may change, roles the root user cannot assume, and S3 Block Public Access's RestrictPublicBuckets on a
 * public bucket policy.
 */
function finalDecision(
  verdict: Verdict,
  facts: {
    readonly request: EvaluationRequest;
    readonly actionLower: string;
    readonly resourceParts: readonly string[];
    readonly resourceEntity: ModelResource | undefined;
    readonly resourceKind: RequestLayers['resourceKind'];
    readonly principalKind: RequestPrincipal['kind'];
    readonly crossAccount: boolean;
  },
): FinalDecision {
  const { request, resourceEntity } = facts;
  const always = alwaysAllowed(request.action);
  if (always) return { decision: 'allowed', failedLayer: undefined, note: always, deciding: [] };
  const immutable =
    verdict.decision === 'allowed'
      ? (immutableTarget(facts.actionLower, facts.resourceParts, request.resource) ?? closedToRootUser(facts.actionLower, facts.principalKind))
      : undefined;
  if (immutable) return { decision: 'implicitDeny', failedLayer: verdict.failedLayer, note: immutable, deciding: [] };
  const blocked =
    verdict.decision === 'allowed' && facts.resourceKind === 'resource' && resourceEntity?.restrictPublicBuckets === true && resourceEntity.policy
      ? blockedPublicAccess(resourceEntity.policy, facts.principalKind, facts.crossAccount)
      : undefined;
  if (blocked) return { decision: 'implicitDeny', failedLayer: 'resource', note: blocked, deciding: [] };
  const deciding: StatementTrace[] = [];
  if (verdict.decision === 'explicitDeny') deciding.push(...verdict.denies);
  else if (verdict.decision === 'allowed') for (const run of verdict.granting) for (const a of run.allows) deciding.push(a);
  return { decision: verdict.decision, failedLayer: verdict.failedLayer, note: undefined, deciding };
}

/**
 * The request as evaluated, with the full context. Parsed session policies hold syntax trees (with parent links), so
 * the result carries their sources only.
 */
function evaluatedRequest(request: EvaluationRequest, context: EvaluationResult['context']): EvaluationRequest {
  const out: Mutable<EvaluationRequest> = { principal: request.principal, action: request.action, resource: request.resource, context };
  const sources = request.sessionPolicies ?? request.sessionPolicyRefs?.map((ref) => ref.source);
  if (sources) out.sessionPolicies = sources;
  if (request.federatedBy !== undefined) out.federatedBy = request.federatedBy;
  // Like session policies, endpoint policies are parsed documents; the evaluated request does not repeat them.
  return out;
}

const partsCache = new Map<string, readonly string[]>();

/** `arnComponents` of the request resource, cached: bulk runs (who-can, test files) repeat the same resources. */
function requestResourceParts(resource: string): readonly string[] {
  let parts = partsCache.get(resource);
  if (!parts) {
    parts = arnComponents(resource);
    if (partsCache.size > 5_000) partsCache.clear();
    partsCache.set(resource, parts);
  }
  return parts;
}

const wildcardOnlyCache = new WeakMap<Catalog, Map<string, boolean>>();

/** Rule 42: does the catalog list no resource types for this (lower-cased) action? Cached per catalog. */
function isWildcardOnly(actionLower: string, catalog: Catalog | undefined): boolean {
  if (!catalog) return false;
  let byAction = wildcardOnlyCache.get(catalog);
  if (!byAction) {
    byAction = new Map();
    wildcardOnlyCache.set(catalog, byAction);
  }
  let known = byAction.get(actionLower);
  if (known === undefined) {
    const colon = actionLower.indexOf(':');
    const info = colon > 0 ? catalog.action(actionLower.slice(0, colon), actionLower.slice(colon + 1)) : undefined;
    // An entry known to be incomplete (corrections.json) may lack the resource types AWS documents: never deny by
    // rule 42 on its word.
    known = info !== undefined && info.resourceTypes.length === 0 && info.catalogNote === undefined;
    if (byAction.size > 20_000) byAction.clear();
    byAction.set(actionLower, known);
  }
  return known;
}

/** Rule 64: RestrictPublicBuckets refuses anonymous and cross-account use of a public bucket policy. */
function blockedPublicAccess(policy: PolicyRef, kind: string, crossAccount: boolean): string | undefined {
  if (kind === 'service' || (!crossAccount && kind !== 'anonymous')) return undefined;
  if (!isPublicPolicy(policy)) return undefined;
  return "S3 Block Public Access (RestrictPublicBuckets) is on and the bucket policy is public: only the bucket owner's account and AWS services may use it.";
}

/** The placeholder layers shown when there is no boundary or session policy, without and with `side`. */
function placeholders(kind: 'boundary' | 'session', label: string, note: string): readonly [LayerRun, LayerRun] {
  return [skippedLayer({ kind, label, note }), skippedLayer({ kind, label, note, side: 'principal' })];
}
const NO_BOUNDARY = placeholders('boundary', 'permissions boundary', 'The principal has no permissions boundary.');
const NO_SESSION_POLICY = placeholders('session', 'session policies', 'No session policy was passed: the role session is not limited by one.');
/** The principals a request can carry session policies for (a role asked as itself stands for one of its sessions). */
const TAKES_SESSION_POLICIES: ReadonlySet<string> = new Set(['roleSession', 'role', 'federatedUser']);

/**
 * Why the request's session policies are not applied, when its principal takes none: they are passed when a session is
 * made (AssumeRole, GetFederationToken), and any other caller has none. A test run says it beside a passing test too.
 */
export function sessionPoliciesNotApplied(principal: Pick<RequestPrincipal, 'kind' | 'arn'>, request: EvaluationRequest): string | undefined {
  if ((request.sessionPolicyRefs?.length ?? 0) === 0 || TAKES_SESSION_POLICIES.has(principal.kind)) return undefined;
  const hint = principal.kind === 'user' ? ' (to see them limit a session, ask as ROLE/SESSION)' : '';
  return `Session policies limit a role session or a federated user's session only: ${principal.arn} is none, so those given are not applied${hint}.`;
}

const NOT_A_SESSION = placeholders('session', 'session policies', 'The principal is not a session.');

/** Allow near misses matter for an implicit deny (the failed layer's first); Deny near misses always give context. */
function collectNearMisses(runs: readonly LayerRun[], decision: EvaluationResult['decision'], failedLayer: string | undefined): StatementTrace[] {
  let count = 0;
  for (const run of runs) count += run.nearMisses.length;
  if (count === 0) return [];
  const first: StatementTrace[] = [];
  const allowMisses: StatementTrace[] = [];
  const denyMisses: StatementTrace[] = [];
  for (const run of runs) {
    if (run.nearMisses.length === 0) continue;
    const failed = run.trace.kind === failedLayer;
    for (const miss of run.nearMisses) {
      if (miss.effect === 'Deny') denyMisses.push(miss);
      else (failed ? first : allowMisses).push(miss);
    }
  }
  if (decision !== 'implicitDeny') return denyMisses;
  for (const m of allowMisses) first.push(m);
  for (const m of denyMisses) first.push(m);
  return first;
}

function dedupe(errors: readonly EvaluationError[]): EvaluationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.message}|${e.source?.name ?? ''}|${e.span?.offset ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
