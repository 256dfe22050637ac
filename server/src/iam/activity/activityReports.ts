import type { Span } from '../span';
import { plural } from '../explain';
import type { RoleRename } from './generatedRoleNames';
import type { AccessChange, AccessDiff } from './noNewAccess';

/**
 * The sentences of replay and diff reports, worded once for the command line and the editor (the Testing view's
 * output, the no-new-access diagnostics).
 */

/** The counts a replay's headline gives. */
export interface ReplayCounts {
  readonly files: number;
  readonly evaluated: number;
  readonly stillAllowed: number;
  readonly stillDenied: number;
  readonly otherErrors: number;
  readonly regressions: number;
  /** Calls denied in the log that the model now allows. */
  readonly newlyAllowed: number;
  /** Log files (or paths) that could not be read: the replay covers only the rest. */
  readonly unreadable?: number;
}

/** `Replayed 21 requests from 2 files: …` and whether any success would now be denied. */
export function replayHeadline(c: ReplayCounts): string[] {
  return [
    // Every request replayed is in one of the four counts; records that failed otherwise are counted apart.
    `Replayed ${plural(c.evaluated, 'request')} from ${plural(c.files, 'file')}: ${c.stillAllowed} still allowed, ${c.stillDenied} still denied, ` +
      `${c.regressions} now denied, ${c.newlyAllowed} now allowed` +
      `${c.otherErrors > 0 ? `; ${c.otherErrors} more failed with errors other than access denied (not compared)` : ''}.`,
    c.regressions > 0
      ? `✖ ${plural(c.regressions, 'call')} succeeded in the log but would now be denied:`
      : c.unreadable
        ? `! No call that succeeded in the files read would now be denied, but ${plural(c.unreadable, 'log file')} could not be read: the replay is incomplete.`
        : '✔ No call that succeeded would now be denied.',
  ];
}

/** A recorded role taken as the model's (`withModelRoleNames`), said once. */
export function roleRenameSentence(rename: RoleRename): string {
  const name = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  return `the logs' role ${name(rename.recorded)} is taken as the model's ${name(rename.model)}: CloudFormation names a role the template leaves unnamed STACK-${name(rename.model)}-SUFFIX`;
}

/** The logs' roles are of accounts a model built from templates does not describe: how to deploy it there. */
export function otherAccountsSentence(accounts: readonly string[]): string {
  const [first] = accounts;
  return `the logs' roles are of account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')}, which the model does not describe: a template named directly is deployed in the default account; name the account in a model file ({ "template": …, "account": "${first ?? ''}" })`;
}

/** `! 2 calls denied in the log would now be allowed:` */
export function newlyAllowedHeadline(count: number): string {
  return `! ${plural(count, 'call')} denied in the log would now be allowed:`;
}

/** One change of access in a sentence: `alice can now s3:GetObject on arn:… [with aws:SourceIp=…]`. */
export function accessChangeSentence(c: AccessChange, kind: 'new' | 'lost'): string {
  return `${c.principal} ${kind === 'new' ? 'can now' : 'can no longer'} ${c.action} on ${c.resource}${contextText(c)}: ${kind === 'new' ? 'granted by' : 'now'} ${c.because}`;
}

/** The diff's report: what was compared, the new access and the lost access grouped by principal, what was cut. */
export function diffReportLines(
  diff: AccessDiff,
  labels: { readonly policy: string; readonly base: string },
  locate: (file: string, span: Span) => string,
): string[] {
  const c = diff.checked;
  const lines = [
    `Compared ${labels.policy} with ${labels.base}: ${plural(c.principals, 'principal')}, ${plural(c.actions, 'action')}, ${plural(c.resources, 'resource')}, ${plural(c.contexts, 'context')} (${c.evaluations} evaluations).`,
  ];
  lines.push(
    diff.newAccess.length === 0
      ? '✔ No new access.'
      : `✖ New access: ${plural(diff.newAccess.length, 'request')} ${diff.newAccess.length === 1 ? 'becomes' : 'become'} allowed:`,
  );
  // Appended line by line: a widening over thousands of resources is more lines than a call may take as arguments.
  for (const line of grouped(diff.newAccess, true, locate)) lines.push(line);
  if (diff.lostAccess.length > 0) {
    lines.push(`! Lost access: ${plural(diff.lostAccess.length, 'request')} ${diff.lostAccess.length === 1 ? 'becomes' : 'become'} denied:`);
    for (const line of grouped(diff.lostAccess, false, locate)) lines.push(line);
  }
  if (diff.truncated) lines.push(`! Not complete: ${diff.truncated}.`);
  return lines;
}

/** Changes by principal, then action, each resource with why (and where, for a grant). */
function grouped(changes: readonly AccessChange[], withWhere: boolean, locate: (file: string, span: Span) => string): string[] {
  const lines: string[] = [];
  let principal: string | undefined;
  for (const c of [...changes].sort(
    (a, b) => a.principal.localeCompare(b.principal) || a.action.localeCompare(b.action) || a.resource.localeCompare(b.resource),
  )) {
    if (c.principal !== principal) {
      principal = c.principal;
      lines.push(`  ${principal}${c.standsFor !== undefined ? `  (standing for ${c.standsFor})` : ''}`);
    }
    lines.push(`    ${c.action}  ${c.resource}${contextText(c)}`);
    lines.push(`        ${withWhere ? 'granted by' : 'now'} ${c.because}${withWhere && c.statement ? `  (${locate(c.statement.file, c.statement)})` : ''}`);
  }
  return lines;
}

function contextText(c: AccessChange): string {
  const context = Object.entries(c.context)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return context ? `  [with ${context}]` : '';
}
