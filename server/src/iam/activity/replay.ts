import type { Catalog } from '../catalog/types';
import { evaluate } from '../evaluator';
import type { EvaluationModel, EvaluationRequest, EvaluationResult } from '../evaluator';
import { explainResult } from '../explain';
import type { ActivityRequest } from './activityTypes';

/** A recorded request whose decision today differs from what AWS did, with today's decision in words. */
export interface ReplayChange {
  readonly request: ActivityRequest;
  /**
   * The permission decided: the request's own action and resource, or the other permission it needs that is denied
   * (a copy's read of its source, a function's PassRole).
   */
  readonly action: string;
  readonly resource: string;
  readonly decision: EvaluationResult['decision'];
  /** AWS's AccessDenied sentence for today's decision (or the allow sentence). */
  readonly summary: string;
  /** Why, in one line: the statement that decided, or the closest one and what did not match. */
  readonly reason: string;
}

export interface ReplayReport {
  readonly evaluated: number;
  /** Allowed in the log, denied by the model: what a change would break. */
  readonly regressions: readonly ReplayChange[];
  /** Denied in the log, allowed by the model: access the model grants that AWS refused (the model is wider, or AWS was fixed since). */
  readonly newlyAllowed: readonly ReplayChange[];
  readonly stillAllowed: number;
  readonly stillDenied: number;
  /** Records with an error that is not about authorization: they take no side. */
  readonly otherErrors: number;
}

/** The request as the evaluator takes it. */
export function evaluationRequest(request: ActivityRequest): EvaluationRequest {
  return {
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context,
    ...(request.federatedBy !== undefined ? { federatedBy: request.federatedBy } : {}),
  };
}

/**
 * Decides one recorded request on the model, at the time it was made. A call that needs other permissions too
 * (`alsoRequires`) is allowed only when each is: the answer is then the first of them that is denied.
 */
export function decideRecorded(model: EvaluationModel, catalog: Catalog, request: ActivityRequest): EvaluationResult {
  const options = { catalog, ...(request.time ? { now: request.time } : {}) };
  const own = evaluate(model, evaluationRequest(request), options);
  if (own.decision !== 'allowed' || request.alsoRequires === undefined) return own;
  for (const needed of request.alsoRequires) {
    const result = evaluate(
      model,
      { ...evaluationRequest(request), action: needed.action, resource: needed.resource, context: { ...request.context, ...needed.context } },
      options,
    );
    if (result.decision !== 'allowed') return result;
  }
  return own;
}

/**
 * Every recorded request decided on the model, compared with what AWS did. Only the changes are explained (words
 * cost more than decisions, and a replay of a day's logs has hundreds of thousands of unchanged ones).
 */
export function replay(model: EvaluationModel, catalog: Catalog, requests: readonly ActivityRequest[]): ReplayReport {
  const run = new ReplayRun(model, catalog);
  for (const request of requests) run.add(request);
  return run.report();
}

/**
 * A replay fed one recorded request at a time, for a caller that goes back to other work between requests (the
 * language server answers other documents while a day's logs are replayed); `replay` is the same in one call.
 */
export class ReplayRun {
  private readonly regressions: ReplayChange[] = [];
  private readonly newlyAllowed: ReplayChange[] = [];
  private stillAllowed = 0;
  private stillDenied = 0;
  private otherErrors = 0;
  private added = 0;
  /** The time is part of the request only when a policy of the model tests it. */
  private readonly withTime: boolean;
  /** Logs repeat the same call (a service polling a queue, an app reading one key): one decision per distinct request. */
  private readonly decided = new Map<string, { result: EvaluationResult; change?: Omit<ReplayChange, 'request'> }>();

  constructor(
    private readonly model: EvaluationModel,
    private readonly catalog: Catalog,
  ) {
    this.withTime = testsTime(model);
  }

  add(request: ActivityRequest): void {
    this.added++;
    if (request.outcome === 'otherError') {
      this.otherErrors++;
      return;
    }
    const key = requestKey(request, this.withTime);
    let known = this.decided.get(key);
    if (!known) {
      known = { result: decideRecorded(this.model, this.catalog, request) };
      if (this.decided.size >= MAX_REMEMBERED) this.decided.clear();
      this.decided.set(key, known);
    }
    const allowedNow = known.result.decision === 'allowed';
    if (request.outcome === 'allowed' && allowedNow) this.stillAllowed++;
    else if (request.outcome === 'denied' && !allowedNow) this.stillDenied++;
    else {
      known.change ??= change(known.result);
      (allowedNow ? this.newlyAllowed : this.regressions).push({ request, ...known.change });
    }
  }

  report(): ReplayReport {
    const { regressions, newlyAllowed, stillAllowed, stillDenied, otherErrors } = this;
    return { evaluated: this.added - otherErrors, regressions, newlyAllowed, stillAllowed, stillDenied, otherErrors };
  }
}

/** Distinct requests remembered at once: bounds the memory of a replay whatever the size of the logs. */
const MAX_REMEMBERED = 200_000;

function requestKey(r: ActivityRequest, withTime: boolean): string {
  const also =
    r.alsoRequires === undefined ? '' : r.alsoRequires.map((p) => `\n+${p.action} ${p.resource}${p.context ? ` ${contextKey(p.context)}` : ''}`).join('');
  return `${r.principal}\n${r.federatedBy ?? ''}\n${r.action}\n${r.resource}${also}\n${contextKey(r.context)}${withTime ? `\n${r.time?.getTime() ?? ''}` : ''}`;
}

/**
 * The context as part of a key. Records share context objects (recordContext.ts interns them), so each is written
 * out once, not once per record.
 */
const contextKeys = new WeakMap<object, string>();

function contextKey(context: ActivityRequest['context']): string {
  let key = contextKeys.get(context);
  if (key === undefined) {
    key = JSON.stringify(context);
    contextKeys.set(context, key);
  }
  return key;
}

const timeTests = new WeakMap<EvaluationModel, boolean>();

/** Does any policy of the model test the time of the request (`aws:CurrentTime`, `aws:EpochTime`)? */
function testsTime(model: EvaluationModel): boolean {
  let answer = timeTests.get(model);
  if (answer === undefined) {
    const texts: string[] = [];
    const accounts = new Set<string>();
    for (const p of model.principals()) {
      accounts.add(p.accountId);
      for (const ref of [...p.identityPolicies, p.permissionsBoundary, p.trustPolicy]) if (ref) texts.push(ref.parsed.text);
    }
    for (const r of model.resources()) if (r.policy) texts.push(r.policy.parsed.text);
    for (const id of accounts)
      for (const level of model.account(id)?.orgPath ?? []) for (const ref of [...level.scps, ...level.rcps]) texts.push(ref.parsed.text);
    // Session policies and AWS managed policies referenced by name come through the principals above.
    answer = texts.some((t) => /aws:(CurrentTime|EpochTime)/i.test(t));
    timeTests.set(model, answer);
  }
  return answer;
}

function change(result: EvaluationResult): Omit<ReplayChange, 'request'> {
  const explanation = explainResult(result);
  return {
    action: result.request.action,
    resource: result.request.resource,
    decision: result.decision,
    summary: explanation.summary,
    reason: explanation.reason,
  };
}
