import type { Catalog } from '../catalog/types';
import { parseAccessDenied, type ReportedDenial } from './accessDeniedMessage';
import type { ActivityRequest, RecordOrigin } from './activityTypes';
import type { DenialInput } from './explainDenial';
import { readActivity } from './readActivity';

/** One denial to explain: where it came from, in words, and the request AWS refused. */
export interface DenialCase {
  readonly label: string;
  readonly input: DenialInput;
}

/** Denied records explained from one text, at most: a whole day's log is for replay. */
export const MAX_DENIAL_CASES = 50;

/**
 * What a user pasted or named, as denials to explain: AWS's AccessDenied sentence, or CloudTrail JSON (a record, a
 * log file, JSON lines) whose records with an authorization error are each one case. `source` names the text in
 * labels (`the message given`, a file name). Returns a one-line reason when the text is neither.
 */
export function denialCases(catalog: Catalog, source: string, text: string): DenialCase[] | string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    const reported = parseAccessDenied(trimmed);
    if ('problem' in reported) return `${source}: ${reported.problem}`;
    return [{ label: `${source}:`, input: { reported } }];
  }
  const activity = readActivity(catalog, source, trimmed);
  if (activity.fileError !== undefined) return `${source}: ${activity.fileError}`;
  const denied = activity.requests.filter((r) => r.outcome === 'denied');
  if (denied.length === 0) {
    const first = activity.unmapped[0];
    const why = first ? ` (${recordLabel(first.origin)}: ${first.reason})` : '';
    return `${source}: no CloudTrail record with an AccessDenied error could be read${why}`;
  }
  return denied
    .slice(0, MAX_DENIAL_CASES)
    .map((r) => ({ label: `${recordLabel(r.origin)}: ${r.eventSource} ${r.eventName} at ${r.time?.toISOString() ?? '?'}`, input: recordDenial(r) }));
}

/** `logs/a.json record 18`: one-based, as people count records. */
export function recordLabel(origin: RecordOrigin): string {
  return `${origin.file} record ${origin.index + 1}`;
}

/** What AWS reported, in one line: `AWS denied: PRINCIPAL  ACTION  RESOURCE  (explicit deny in service control policy)`. */
export function reportedDenialLine(r: ReportedDenial): string {
  const how = r.policyKind
    ? `${r.decision === 'explicitDeny' ? 'explicit deny in' : 'no allow in'} ${r.policyKind}${r.policyArn ? ` ${r.policyArn}` : ''}`
    : 'kind of policy not given';
  return `AWS denied: ${r.principal}  ${r.action}  ${r.resource}  (${how})`;
}

/** A record's request, with what its error message adds (the kind of policy AWS named). */
function recordDenial(r: ActivityRequest): DenialInput {
  const fromMessage = r.errorMessage !== undefined ? parseAccessDenied(r.errorMessage) : undefined;
  const kind = fromMessage && !('problem' in fromMessage) ? fromMessage : undefined;
  const reported: ReportedDenial = {
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    ...(kind?.decision !== undefined ? { decision: kind.decision } : {}),
    ...(kind?.policyKind !== undefined ? { policyKind: kind.policyKind } : {}),
    ...(kind?.layers !== undefined ? { layers: kind.layers } : {}),
    ...(kind?.policyArn !== undefined ? { policyArn: kind.policyArn } : {}),
  };
  return { reported, context: r.context, ...(r.federatedBy !== undefined ? { federatedBy: r.federatedBy } : {}), ...(r.time ? { time: r.time } : {}) };
}
