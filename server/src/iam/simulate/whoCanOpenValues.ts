/**
 * Who-can on a model built from a template: a principal granted by, or left out for want of, a statement that lists a
 * value the configuration leaves open may be decided otherwise once deployed. Said once per statement among the
 * answer's problems, in the sentences `simulate` uses (explain/unresolvedValues.ts).
 */
import type { EvaluationResult, RequestProblem } from '../evaluator';
import { openValueProblems } from '../explain';
import { policyLookup, type LoadedModel } from '../model';
import { mayMeetOpenValue } from './openValues';

/** `results`: the answers who-can evaluated (principals it skipped unevaluated are left out, as it left them). */
export function openValueNotices(model: LoadedModel, results: Iterable<EvaluationResult>): RequestProblem[] {
  const policyOf = policyLookup(model);
  const messages = new Set<string>();
  for (const result of results) {
    if (!mayMeetOpenValue(model, result.request)) continue;
    for (const message of openValueProblems(result, { policyOf, byDocument: true })) messages.add(message);
  }
  // `resource`: the statements are those of the policies the request meets; the request itself is as it should be.
  return [...messages].map((message) => ({ message, code: 'openValue', part: 'resource' }));
}
