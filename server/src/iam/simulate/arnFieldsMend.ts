import type { EvaluationResult, StatementTrace } from '../evaluator/types';
import { fileSpan, statementLabel } from '../explain';
import { CASE_SENSITIVE, hasWildcard, matchesWildcard } from '../wildcard';
import type { Candidate, PolicyOf } from './candidate';

/**
 * Mends an ARN the statement's Resource lists with fields left out (`arn:aws:sqs:eu-west-1:acme-jobs`, no account;
 * `arn:aws:s3:reports/*`, no empty Region and account) by giving it the request's: it matches no request as written,
 * and adding the request's ARN beside it would leave one IAM refuses. Only a value too short to be an ARN (fewer than
 * six fields) is taken for one with fields left out: a shorter ARN that is whole names something else.
 */
export function resourceFieldsEdit(result: EvaluationResult, statement: StatementTrace, policyOf: PolicyOf): Candidate | undefined {
  const source = statement.source;
  if (source.file === undefined || source.decoded) return undefined;
  const wanted = result.request.resource.split(':');
  const node = policyOf(source)?.document?.statements[statement.statementIndex];
  for (const item of node?.resource?.items ?? []) {
    const mended = item.value.includes('${') ? undefined : withFieldsLeftOut(item.value.split(':'), wanted);
    const span = mended === undefined ? undefined : fileSpan(source, item.span);
    if (mended === undefined || span === undefined) continue;
    return {
      title: `Replace ${item.value} with ${mended} in the Resource of ${statementLabel(statement)}`,
      kind: 'edit',
      edits: [{ file: source.file, span, newText: JSON.stringify(mended) }],
      context: {},
    };
  }
  return undefined;
}

/**
 * `written` (under six fields) with the fields it leaves out of `wanted` put back, when it is `wanted` with fields left
 * out (each field it has equal to, or a pattern matching, the next of `wanted` it stands for; `arn:partition:service`
 * kept); undefined otherwise.
 */
function withFieldsLeftOut(written: readonly string[], wanted: readonly string[]): string | undefined {
  if (written.length < 4 || written.length >= 6 || written.length >= wanted.length) return undefined;
  if (written.slice(0, 3).join(':') !== wanted.slice(0, 3).join(':')) return undefined;
  const fields = wanted.slice(0, 3);
  let next = 3;
  for (const field of wanted.slice(3)) {
    const have = written[next];
    const stands = have !== undefined && (have === field || (hasWildcard(have) && matchesWildcard(have, field, CASE_SENSITIVE)));
    fields.push(stands ? have : field);
    if (stands) next++;
  }
  return next === written.length ? fields.join(':') : undefined;
}
