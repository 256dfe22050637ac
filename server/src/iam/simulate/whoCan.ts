/**
 * Who can make a request: every requester of the model (users, roles, account roots, the service principals its
 * policies name), each evaluated once, with the statement that decided. Written once here for the command line and
 * the language server, which only lay the answer out.
 */
import type { Catalog } from '../catalog';
import { evaluate, requestProblems, type ContextValue, type EvaluationResult, type RequestProblem, type StatementTrace } from '../evaluator';
import { grantReason } from '../explain';
import { requesters, type LoadedModel, type Requester } from '../model';

export interface WhoCanRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface WhoCanOutcome {
  readonly requester: Requester;
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
}

export function whoCan(model: LoadedModel, request: WhoCanRequest, options: WhoCanOptions): WhoCanAnswer {
  const allowed: WhoCanOutcome[] = [];
  const denied: WhoCanOutcome[] = [];
  let cancelled = false;
  for (const requester of requesters(model)) {
    if (options.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const result = evaluate(
      model,
      { principal: requester.arn, action: request.action, resource: request.resource, ...(request.context !== undefined ? { context: request.context } : {}) },
      { catalog: options.catalog },
    );
    if (result.decision === 'allowed') {
      const reason = grantReason(result);
      allowed.push('statement' in reason ? { requester, result, statement: reason.statement } : { requester, result, note: reason.note });
    } else {
      const statement = result.decidingStatements[0];
      denied.push(statement !== undefined ? { requester, result, statement } : { requester, result });
    }
  }
  return { allowed, denied, problems: requestProblems(options.catalog, request.action, request.resource, request.context), cancelled };
}
