import type { Catalog } from '../catalog/types';
import { evaluate } from '../evaluator';
import type { EvaluationModel, EvaluationRequest, EvaluationResult } from '../evaluator';
import { explainResult } from '../explain';
import type { ActivityRequest } from './activityTypes';

/** A recorded request whose decision today differs from what AWS did, with today's decision in words. */
export interface ReplayChange {
  readonly request: ActivityRequest;
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

/** Decides one recorded request on the model, at the time it was made. */
export function decideRecorded(model: EvaluationModel, catalog: Catalog, request: ActivityRequest): EvaluationResult {
  return evaluate(model, evaluationRequest(request), { catalog, ...(request.time ? { now: request.time } : {}) });
}

/**
 * Every recorded request decided on the model, compared with what AWS did. Only the changes are explained (words
 * cost more than decisions, and a replay of a day's logs has hundreds of thousands of unchanged ones).
 */
export function replay(model: EvaluationModel, catalog: Catalog, requests: readonly ActivityRequest[]): ReplayReport {
  const regressions: ReplayChange[] = [];
  const newlyAllowed: ReplayChange[] = [];
  let stillAllowed = 0;
  let stillDenied = 0;
  let otherErrors = 0;
  for (const request of requests) {
    if (request.outcome === 'otherError') {
      otherErrors++;
      continue;
    }
    const result = decideRecorded(model, catalog, request);
    const allowedNow = result.decision === 'allowed';
    if (request.outcome === 'allowed' && allowedNow) stillAllowed++;
    else if (request.outcome === 'denied' && !allowedNow) stillDenied++;
    else (allowedNow ? newlyAllowed : regressions).push(change(request, result));
  }
  return { evaluated: requests.length - otherErrors, regressions, newlyAllowed, stillAllowed, stillDenied, otherErrors };
}

function change(request: ActivityRequest, result: EvaluationResult): ReplayChange {
  const explanation = explainResult(result);
  return { request, decision: result.decision, summary: explanation.summary, reason: explanation.reason };
}
