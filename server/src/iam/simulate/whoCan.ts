/**
 * Who can make a request: every requester of the model (users, roles, account roots, the service principals its
 * policies name), each evaluated once, with the statement that decided. Written once here for the command line and
 * the language server, which only lay the answer out.
 */
import { parseArn } from '../arn';
import { parseConditionOperator } from '../conditionOperators';
import { hasWildcard } from '../wildcard';
import type { Catalog } from '../catalog';
import {
  contextAsSent,
  evaluate,
  isModelFilledKey,
  isServiceOnlyKey,
  requestProblems,
  type ContextValue,
  type Decision,
  type EvaluationResult,
  type RequestProblem,
  type StatementTrace,
} from '../evaluator';
import {
  absentCallerKeysSentence,
  absentServiceKeysSentence,
  absentKeysAwsAlwaysSets,
  absentKeysSentence,
  capitalise,
  grantReason,
  openToAnyoneSentence,
  regionFromResourceSentence,
  regionTakenFromResource,
  serviceOnlyKeysSentence,
  statementLabel,
  trustedProviderSentence,
} from '../explain';
import { closestResources, outsider, requesters, unusedAccount, type LoadedModel, type PrincipalOutline, type Requester } from '../model';
import { contextCandidates } from './contextValues';
import { whoCanIndex, type WhoCanIndex } from './whoCanIndex';
import { openValueNotices } from './whoCanOpenValues';
import { allowsButForConditions, outsidersLetIn } from './whoCanOutsiders';

export interface WhoCanRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface WhoCanOutcome {
  readonly requester: Requester;
  readonly decision: Decision;
  /**
   * The full evaluation. For a principal the request cannot concern (see `whoCanIndex`) it is evaluated when first
   * read, so an answer over thousands of principals evaluates only those whose policies name the action.
   */
  readonly result: EvaluationResult;
  /** Allowed: the statement that grants it; denied: the statement that denied, if one did. */
  readonly statement?: StatementTrace;
  /** Allowed without a granting statement (the account root user): why. */
  readonly note?: string;
}

export interface WhoCanAnswer {
  readonly allowed: readonly WhoCanOutcome[];
  readonly denied: readonly WhoCanOutcome[];
  /** Problems with the request itself, the same for every principal: said once, beside the answer. */
  readonly problems: readonly RequestProblem[];
  /** True when `isCancelled` stopped the run before every requester was asked. */
  readonly cancelled: boolean;
}

export interface WhoCanOptions {
  readonly catalog: Catalog;
  readonly isCancelled?: () => boolean;
  /** Called now and then with how many requesters were asked, of how many (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
  /** False evaluates every principal in full (the index's tests compare both ways). */
  readonly useIndex?: boolean;
}

/**
 * The problems that name callers beyond the principals listed (anyone, an account or principal outside the model, an
 * identity provider's token holders), as against those about the request or how it was asked: a face that lays them
 * out apart shows them as part of the answer, not as something wrong with the question.
 */
const OTHERS_WHO_CAN: ReadonlySet<RequestProblem['code']> = new Set(['openToAnyone', 'trustedAccount', 'outsideAccount', 'trustedProvider']);

export function namesOthersWhoCan(problem: RequestProblem): boolean {
  return OTHERS_WHO_CAN.has(problem.code);
}

/** How often `onProgress` hears of the run. */
const PROGRESS_EVERY = 1000;

export function whoCan(model: LoadedModel, request: WhoCanRequest, options: WhoCanOptions): WhoCanAnswer {
  const allowed: WhoCanOutcome[] = [];
  const denied: WhoCanOutcome[] = [];
  let cancelled = false;
  // The index decides for users and roles only (service principals are always evaluated): the keys they are asked with.
  const callerKeys = Object.keys(request.context ?? {}).filter((key) => !isServiceOnlyKey(key));
  const index = options.useIndex === false ? undefined : whoCanIndex(model, request.action, request.resource, callerKeys);
  const evaluateFor = (requester: Requester, asked = request.context): EvaluationResult => {
    // Keys only a service's request carries (aws:SourceArn…) go with a service principal's request only: a queue that
    // lets "*" send when aws:SourceArn is a topic is then neither open to anyone nor to the model's users.
    const context = contextAsSent(asked, requester.kind === 'service');
    return evaluate(
      model,
      { principal: requester.arn, action: request.action, resource: request.resource, ...(context !== undefined ? { context } : {}) },
      { catalog: options.catalog },
    );
  };
  const everyone = requesters(model);
  // With a Deny shared by everyone (see `WhoCanIndex.sharedDeny`), the first unconcerned principal is evaluated and
  // the rest end as it does; each is evaluated in full only when its result is read.
  let shared: EvaluationResult | undefined;
  const alike = new Set<WhoCanOutcome>();
  // The model's own principals come first, in the order of their outlines: read without building them.
  const outlines = index !== undefined ? model.outlines?.() : undefined;
  for (let i = 0; i < everyone.length; i++) {
    const requester = everyone[i] as Requester;
    if (options.isCancelled?.()) {
      cancelled = true;
      break;
    }
    if (options.onProgress !== undefined && i % PROGRESS_EVERY === 0) options.onProgress(i, everyone.length);
    const skip = index !== undefined && requester.kind !== 'service' && unconcerned(index, model, requester, outlines?.[i]);
    if (skip && (!index.sharedDeny || (shared !== undefined && shared.decision !== 'allowed'))) {
      const outcome = unconcernedOutcome(requester, evaluateFor, shared);
      if (shared !== undefined) alike.add(outcome);
      denied.push(outcome);
      continue;
    }
    const result = evaluateFor(requester);
    if (skip) shared ??= result;
    if (result.decision === 'allowed') {
      const reason = grantReason(result);
      allowed.push(
        'statement' in reason
          ? { requester, decision: result.decision, result, statement: reason.statement }
          : { requester, decision: result.decision, result, note: reason.note },
      );
    } else {
      const statement = result.decidingStatements[0];
      denied.push(statement !== undefined ? { requester, decision: result.decision, result, statement } : { requester, decision: result.decision, result });
    }
  }
  options.onProgress?.(everyone.length, everyone.length);
  const problems: RequestProblem[] = [...requestProblems(options.catalog, request.action, request.resource, request.context)];
  const meant = closestResources(model, request.resource);
  if (meant !== undefined) problems.push({ message: meant, code: 'unknownResource', part: 'resource' });
  const serviceOnly = Object.keys(request.context ?? {}).filter(isServiceOnlyKey);
  if (serviceOnly.length > 0) problems.push({ message: serviceOnlyKeysSentence(serviceOnly), code: 'serviceOnlyKey', part: 'context' });
  // Explicit denials that met a key absent which AWS always sets (a region-lock SCP): AWS may well allow these; and
  // grants a Deny on such a key missed (an HTTPS-only bucket asked without aws:SecureTransport), as simulate says.
  // Denials that end as the shared one did meet the same keys: it speaks for them, unevaluated.
  const explicit = denied.filter((o) => o.statement !== undefined && !alike.has(o));
  const absent = [...new Set([...allowed, ...explicit].flatMap((o) => absentKeysAwsAlwaysSets(o.result)))].sort();
  if (absent.length > 0) problems.push({ message: absentKeysSentence(absent), code: 'absentKeyAwsAlwaysSets', part: 'context' });
  // Denials that turned on the Region taken from the resource's ARN: said once, as simulate says it.
  const region = explicit.map((o) => regionTakenFromResource(o.result)).find((taken) => taken !== undefined);
  if (region !== undefined) problems.push({ message: regionFromResourceSentence(region), code: 'regionFromResource', part: 'context' });
  const lacking = absentCallerKeys(
    denied.filter((o) => !(o instanceof UnevaluatedOutcome) && !alike.has(o)),
    request,
    evaluateFor,
  );
  if (lacking.keys.length > 0) problems.push({ message: absentCallerKeysSentence(lacking.keys, lacking.principals), code: 'absentCallerKey', part: 'context' });
  problems.push(...servicesLackingTheirKeys(denied, request, evaluateFor));
  const outsiderAnswer = outsiderResult(model, request, evaluateFor);
  const open = openToAnyone(outsiderAnswer);
  if (open !== undefined) {
    const byNotPrincipal = open.elements.some((element) => element.element === 'NotPrincipal');
    problems.push({ message: openToAnyoneSentence(capitalise(statementLabel(open)), byNotPrincipal), code: 'openToAnyone', part: 'resource' });
  }
  problems.push(...outsidersLetIn(model, request, evaluateFor));
  problems.push(...trustedProviders(model, request, options.catalog));
  // The outsider meets the resource's policies as they are, whichever principals the index skipped.
  const evaluated = [...allowed, ...denied].filter((o) => !(o instanceof UnevaluatedOutcome)).map((o) => o.result);
  problems.push(...openValueNotices(model, [...evaluated, outsiderAnswer]));
  return { allowed, denied, problems, cancelled };
}

type ConditionTrace = StatementTrace['conditions'][number];

/**
 * The conditions that alone keep an Allow statement from applying (every other element matched), when each of them is
 * one `lacking` takes to fail only for a value the request does not give; undefined for any other statement.
 */
function failingOnlyFor(statement: StatementTrace, lacking: (condition: ConditionTrace) => boolean): ConditionTrace[] | undefined {
  if (!allowsButForConditions(statement)) return undefined;
  const failing = statement.conditions.filter((c) => !c.matched);
  return failing.length > 0 && failing.every(lacking) ? failing : undefined;
}

/** The first near miss of a result that `failingOnlyFor` takes, with its failing conditions. */
function firstFailingOnlyFor(
  result: EvaluationResult,
  lacking: (condition: ConditionTrace) => boolean,
): { statement: StatementTrace; failing: ConditionTrace[] } | undefined {
  for (const statement of result.nearMisses) {
    const failing = failingOnlyFor(statement, lacking);
    if (failing !== undefined) return { statement, failing };
  }
  return undefined;
}

/**
 * Keys the request does not give that alone keep an Allow statement from applying to a denied principal (every other
 * element of the statement matched, and each condition that failed tests an absent key): the caller's to set, such as
 * `sts:ExternalId`. Keys the model fills from principals and resources (tags, accounts, organization paths) are not,
 * nor the keys only a service's request carries (`isServiceOnlyKey`). A principal counts only when the keys are all it
 * lacks: asked again with values for them (`valuesThatAllow`), it is allowed (a role's trust policy may want MFA of
 * everyone in the account, while only some of them may call sts:AssumeRole at all).
 */
function absentCallerKeys(
  denied: readonly WhoCanOutcome[],
  request: WhoCanRequest,
  evaluateFor: (requester: Requester, context?: WhoCanRequest['context']) => EvaluationResult,
): { keys: string[]; principals: number } {
  const keys = new Set<string>();
  let principals = 0;
  for (const outcome of denied) {
    if (outcome.decision !== 'implicitDeny') continue;
    const failing = outcome.result.nearMisses.flatMap(
      (statement) => failingOnlyFor(statement, (c) => c.requestValues === undefined && !isModelFilledKey(c.key) && !isServiceOnlyKey(c.key)) ?? [],
    );
    if (failing.length === 0) continue;
    const onlyThose = valuesThatAllow(failing, (given) => evaluateFor(outcome.requester, { ...request.context, ...given }).decision === 'allowed');
    if (!onlyThose) continue;
    for (const c of failing) keys.add(c.key);
    principals++;
  }
  return { keys: [...keys].sort(), principals };
}

/** How many sets of values `valuesThatAllow` tries: each is one more evaluation of the principal. */
const VALUE_ROUNDS = 3;

/**
 * Whether some values for the conditions' keys make `allows` true: the keys asked together with a value the conditions
 * list, then with the values that flip them (contextValues.ts: a number past a bound, an address in a range), a few
 * rounds of one value a key.
 */
function valuesThatAllow(conditions: readonly ConditionTrace[], allows: (given: Record<string, string>) => boolean): boolean {
  const pools = new Map<string, { key: string; values: string[] }>();
  for (const condition of conditions) {
    const pool = pools.get(condition.key.toLowerCase()) ?? { key: condition.key, values: [] };
    for (const value of contextCandidates(condition)) if (!pool.values.includes(value)) pool.values.push(value);
    pools.set(condition.key.toLowerCase(), pool);
  }
  for (let round = 0; round < VALUE_ROUNDS; round++) {
    const given = Object.fromEntries([...pools.values()].map((pool) => [pool.key, pool.values[Math.min(round, pool.values.length - 1)] ?? '']));
    if (allows(given)) return true;
  }
  return false;
}

/**
 * Service principals denied only because the request lacks keys a service's own request carries (`aws:SourceArn`,
 * `aws:SourceAccount`: what it acts for), which who-can asks without unless given: a queue that lets SNS send for one
 * topic is otherwise answered "denied" for SNS without a word. Each is named with the conditions of the statement that
 * would allow it and how to ask with them; asked that way with values the conditions list, it is evaluated again, and
 * said to be denied only for want of them when it is then allowed (a Deny on the same key may stand in the way).
 */
function servicesLackingTheirKeys(
  denied: readonly WhoCanOutcome[],
  request: WhoCanRequest,
  evaluateFor: (requester: Requester, context?: WhoCanRequest['context']) => EvaluationResult,
): RequestProblem[] {
  const problems: RequestProblem[] = [];
  for (const outcome of denied) {
    if (outcome.requester.kind !== 'service' || outcome.decision !== 'implicitDeny') continue;
    const nearMiss = firstFailingOnlyFor(outcome.result, wantsServiceKeyValue);
    if (nearMiss === undefined) continue;
    const { statement, failing } = nearMiss;
    const asks = valuesToAskWith(failing);
    const literal = [...asks.values()].every((a) => a.value !== undefined);
    if (literal) {
      const given = Object.fromEntries([...asks.values()].map((a) => [a.key, a.value as string]));
      if (evaluateFor(outcome.requester, { ...request.context, ...given }).decision !== 'allowed') continue;
    }
    const wanted = failing.map((c) => ({ operator: c.operator, key: c.key, values: c.resolvedPolicyValues ?? c.policyValues }));
    problems.push({
      message: absentServiceKeysSentence(outcome.requester.arn, statementLabel(statement), wanted, [...asks.values()], literal),
      code: 'absentServiceKey',
      part: 'context',
    });
  }
  return problems;
}

/**
 * A failing condition that a value of a key only a service's request carries would satisfy: the key is absent (a wrong
 * value given is the user's answer), and the operator wants a value (`Null` wants the key present or absent, whatever
 * its value).
 */
function wantsServiceKeyValue(condition: ConditionTrace): boolean {
  return condition.requestValues === undefined && isServiceOnlyKey(condition.key) && parseConditionOperator(condition.operator)?.base.category !== 'null';
}

/** One value for each key the conditions test (keys compared as AWS does, without case): a literal one they list, if any. */
function valuesToAskWith(conditions: readonly ConditionTrace[]): Map<string, { key: string; value: string | undefined }> {
  const asks = new Map<string, { key: string; value: string | undefined }>();
  for (const condition of conditions) {
    const known = asks.get(condition.key.toLowerCase());
    if (known?.value !== undefined) continue;
    // Not a pattern, nor a policy variable left unresolved.
    const literal = (condition.resolvedPolicyValues ?? condition.policyValues).find((v) => !hasWildcard(v) && !v.includes('${'));
    asks.set(condition.key.toLowerCase(), { key: known?.key ?? condition.key, value: literal });
  }
  return asks;
}

/** The answer for a principal of an account the model does not describe, whom no policy can name (see `outsider`). */
function outsiderResult(model: LoadedModel, request: WhoCanRequest, evaluateFor: (requester: Requester) => EvaluationResult): EvaluationResult {
  // Of the resource's partition: across partitions nothing is reached, so an outsider of another one proves nothing.
  return evaluateFor(outsider(unusedAccount([model]), parseArn(request.resource)?.partition));
}

/**
 * Who-can over a role assumed with a web identity or SAML token: the callers are whoever the trusted identity provider
 * issues a token to, which no model lists. Each provider a trust statement names (by ARN) is asked as the caller; when
 * it is let in, or kept out only by the statement's conditions on the token's claims, the answer says so and names
 * the claims the conditions test (a GitHub trust with no `:sub` condition lets every repository in).
 */
function trustedProviders(model: LoadedModel, request: WhoCanRequest, catalog: Catalog): RequestProblem[] {
  if (!/^sts:AssumeRoleWith(WebIdentity|SAML)$/i.test(request.action)) return [];
  const trust = model.principal(request.resource)?.trustPolicy;
  const providers = new Set<string>();
  for (const statement of trust?.parsed.document?.statements ?? []) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type !== 'Federated') continue;
      for (const { value } of entry.values) if (/^arn:[^:]+:iam::\d{12}:(oidc|saml)-provider\//.test(value)) providers.add(value);
    }
  }
  const notices: RequestProblem[] = [];
  for (const provider of [...providers].sort()) {
    const answer = evaluate(
      model,
      { principal: provider, action: request.action, resource: request.resource, ...(request.context ? { context: request.context } : {}) },
      { catalog },
    );
    const grant = answer.decision === 'allowed' ? grantReason(answer) : undefined;
    const statement =
      grant !== undefined && 'statement' in grant
        ? grant.statement
        : answer.decision === 'implicitDeny'
          ? answer.nearMisses.find(allowsButForConditions)
          : undefined;
    if (statement === undefined) continue;
    const keys = [...new Set(statement.conditions.map((c) => c.key))];
    notices.push({ message: trustedProviderSentence(capitalise(statementLabel(statement)), provider, keys), code: 'trustedProvider', part: 'resource' });
  }
  return notices;
}

/**
 * The resource-policy or key-policy statement that lets anyone make the request (`"Principal": "*"` without a condition
 * that holds it back): the principals listed are only those the model knows, and the answer must not read as if they
 * were all. Found in the answer for an outsider (`outsiderResult`).
 */
function openToAnyone(answer: EvaluationResult): StatementTrace | undefined {
  // A Deny anywhere (the resource policy's own, an RCP that keeps principals outside the organization out) closes it.
  if (answer.decision === 'explicitDeny' || answer.layers.some((layer) => layer.outcome === 'denies')) return undefined;
  for (const layer of answer.layers) {
    if ((layer.kind !== 'resource' && layer.kind !== 'keyPolicy') || layer.outcome !== 'allows') continue;
    for (const policy of layer.policies) for (const statement of policy.statements) if (statement.applies && statement.effect === 'Allow') return statement;
  }
  return undefined;
}

/** Whether the index knows the request cannot concern this principal (from its outline when it has one). */
function unconcerned(index: WhoCanIndex, model: LoadedModel, requester: Requester, outline: PrincipalOutline | undefined): boolean {
  if (outline?.arn === requester.arn) return index.unconcernedOutline(outline);
  const principal = model.principal(requester.arn);
  return principal !== undefined && index.unconcerned(principal);
}

/**
 * An implicit deny that no statement decided, known without evaluating, or the denial `shared` ended in (the shared
 * Deny statements decide alike for every unconcerned principal); the evaluation itself waits until read.
 */
function unconcernedOutcome(
  requester: Requester,
  evaluateFor: (requester: Requester) => EvaluationResult,
  shared: EvaluationResult | undefined,
): WhoCanOutcome {
  return new UnevaluatedOutcome(requester, shared?.decision ?? 'implicitDeny', shared?.decidingStatements[0], evaluateFor);
}

/** One class for the tens of thousands of outcomes an organization's who-can makes without evaluating. */
class UnevaluatedOutcome implements WhoCanOutcome {
  declare readonly statement?: StatementTrace;
  private evaluated: EvaluationResult | undefined;

  constructor(
    readonly requester: Requester,
    readonly decision: Decision,
    statement: StatementTrace | undefined,
    private readonly evaluateFor: (requester: Requester) => EvaluationResult,
  ) {
    if (statement !== undefined) (this as { statement?: StatementTrace }).statement = statement;
  }

  get result(): EvaluationResult {
    return (this.evaluated ??= this.evaluateFor(this.requester));
  }
}
