// What replay and generate share: reading the CloudTrail logs the command line names into requests, printing why a
// file could not be read, and showing where a record came from.
import type { ActivityRequest, RecordOrigin, UnmappedRecord } from '../iam/activity';
import { otherAccountsSentence, readActivity, recordLabel, roleRenameSentence, withModelRoleNames } from '../iam/activity';
import type { EvaluationModel } from '../iam/evaluator';
import type { Catalog } from '../iam/catalog';
import { collectLogFiles, readLogFile } from '../node/activityFiles';
import { displayPath } from './loadModel';

export interface LoadedActivity {
  readonly files: number;
  readonly requests: readonly ActivityRequest[];
  readonly unmapped: readonly UnmappedRecord[];
  /** True when a file or folder could not be read (already printed): exit 2 once the rest is reported. */
  readonly unreadable: boolean;
  /** How many paths or files could not be read. */
  readonly unreadableCount: number;
}

/**
 * The logs' requests, as the model knows their principals: on a model built from templates, a role CloudFormation
 * named from the stack and the template's logical id is the model's role of that id (`withModelRoleNames`), and the
 * accounts the model does not describe are named; both said on stderr.
 */
export function loadActivity(command: string, paths: readonly string[], catalog: Catalog, model: EvaluationModel, fromTemplates: boolean): LoadedActivity {
  const collected = collectLogFiles(paths);
  let unreadableCount = collected.errors.length;
  for (const error of collected.errors) process.stderr.write(`iam-policy-lab ${command}: ${error}\n`);
  const requests: ActivityRequest[] = [];
  const unmapped: UnmappedRecord[] = [];
  for (const file of collected.files) {
    const shown = displayPath(file);
    const read = readLogFile(file);
    if (!read.ok) {
      process.stderr.write(`iam-policy-lab ${command}: ${shown}: ${read.error}\n`);
      unreadableCount++;
      continue;
    }
    const activity = readActivity(catalog, shown, read.text);
    if (activity.fileError !== undefined) {
      process.stderr.write(`iam-policy-lab ${command}: ${shown}: ${activity.fileError}\n`);
      unreadableCount++;
      continue;
    }
    for (const r of activity.requests) requests.push(r);
    for (const u of activity.unmapped) unmapped.push(u);
  }
  const base = { files: collected.files.length, unmapped, unreadable: unreadableCount > 0, unreadableCount };
  if (!fromTemplates) return { ...base, requests };
  const named = withModelRoleNames(model, requests);
  for (const rename of named.renamed) process.stderr.write(`iam-policy-lab ${command}: note: ${roleRenameSentence(rename)}\n`);
  if (named.otherAccounts.length > 0) process.stderr.write(`iam-policy-lab ${command}: note: ${otherAccountsSentence(named.otherAccounts)}\n`);
  return { ...base, requests: named.requests };
}

/** `logs/a.json record 18`: one-based, as text output counts lines. */
export const originText = recordLabel;

export function originJson(origin: RecordOrigin): { file: string; index: number } {
  return { file: origin.file, index: origin.index };
}

/** At most this many unmapped records are listed in text output; JSON lists them all. */
export const UNMAPPED_SHOWN = 20;

export function unmappedLines(unmapped: readonly UnmappedRecord[]): string[] {
  if (unmapped.length === 0) return [];
  const lines = [`${unmapped.length} record${unmapped.length === 1 ? '' : 's'} not mapped to a request (not replayed):`];
  for (const u of unmapped.slice(0, UNMAPPED_SHOWN)) lines.push(`  ${originText(u.origin)}${u.event ? ` (${u.event})` : ''}: ${u.reason}`);
  if (unmapped.length > UNMAPPED_SHOWN) lines.push(`  … and ${unmapped.length - UNMAPPED_SHOWN} more (--format json lists them all)`);
  return lines;
}
