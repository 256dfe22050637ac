// `iam-policy-lab explain`: an AccessDenied message or a CloudTrail record rebuilt as a request and explained on a
// model, saying whether the model reproduces the denial AWS reported (docs/formats.md, section 1).
import { existsSync } from 'node:fs';
import { explainDenial, looksLikeAccessDenied, parseAccessDenied, readActivity, type ActivityRequest, type DenialInput, type ReportedDenial } from '../iam/activity';
import { loadCatalog } from '../node/catalogFiles';
import { readLogFile } from '../node/activityFiles';
import { formatOptions, HELP_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { displayPath, explanationText, explanationToJson, loadModelForCli } from './loadModel';
import { originText } from './activityInput';
import { readTextFile, STDIN } from './inputFiles';

export const summary = 'explain an AccessDenied message or CloudTrail record on a model';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'model', short: 'm', kind: 'value', valueName: 'M', description: 'account model (*.iam-model.json) or authorization-details export' },
  { name: 'format', short: 'f', kind: 'value', valueName: 'F', choices: ['text', 'json'], default: 'text', description: 'output format' },
  HELP_OPTION,
];

/** Denied records explained from one file, at most: a whole day's log is for `replay`. */
const MAX_RECORDS = 50;

const HELP = `usage: iam-policy-lab explain [--model M] [--format text|json] <AccessDenied-message-or-CloudTrail-record-file>

Reads AWS's AccessDenied sentence ("User: ARN is not authorized to perform: ACTION on resource: ARN because no
identity-based policy allows …", "… with an explicit deny in a service control policy") from a file, from standard
input (-) or given as the argument itself, or a CloudTrail record (or log file) with an AccessDenied error. The request
is rebuilt and decided on the model, and the answer says whether the model denies it the way AWS said; if not,
which part of the model must be out of date. Without --model, prints the request the message describes.

options:
${formatOptions(OPTIONS)}

Exit code 0 when the model reproduces every denial (or without --model), 1 when it does not reproduce one, 2 for bad
usage or input that is neither an AccessDenied message nor a CloudTrail record.
`;

interface Case {
  readonly label: string;
  readonly input: DenialInput;
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, { command: 'explain', options: OPTIONS, help: HELP, positionals: { some: 'give an AccessDenied message, or a file with one or with a CloudTrail record' } });
  if (typeof args === 'number') return args;
  if (args.positionals.length > 1 && !looksLikeAccessDenied(args.positionals.join(' '))) return usageError('explain', `unexpected argument '${args.positionals[1]}'`);
  const catalog = loadCatalog();
  const cases = readCases(args.positionals.join(' '), catalog);
  if (typeof cases === 'string') {
    process.stderr.write(`iam-policy-lab explain: ${cases}\n`);
    return 2;
  }
  const json = args.value('format') === 'json';
  const modelPath = args.value('model');
  if (modelPath === undefined) {
    if (json) process.stdout.write(`${JSON.stringify({ reported: cases.map((c) => c.input.reported) }, null, 2)}\n`);
    else for (const c of cases) process.stdout.write(`${c.label}\n${reportedLines(c.input.reported).join('\n')}\nGive --model to check it against an account model.\n`);
    return 0;
  }
  const { model, failed } = loadModelForCli('explain', modelPath);
  if (failed) return 2;
  let unreproduced = 0;
  const outputs: unknown[] = [];
  for (const c of cases) {
    const answer = explainDenial(model, catalog, c.input);
    if (!answer.reproduced) unreproduced++;
    if (json) {
      outputs.push({ source: c.label, reported: c.input.reported, decision: answer.result.decision, reproduced: answer.reproduced, verdict: answer.verdict, explanation: explanationToJson(answer.explanation) });
    } else {
      const lines = [c.label, ...reportedLines(c.input.reported), `${answer.reproduced ? '✔' : '✖'} ${answer.verdict}`, ''];
      process.stdout.write(`${lines.join('\n')}${explanationText(answer.explanation)}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(outputs.length === 1 ? outputs[0] : outputs, null, 2)}\n`);
  return unreproduced > 0 ? 1 : 0;
}

function reportedLines(r: ReportedDenial): string[] {
  const how = r.policyKind ? `${r.decision === 'explicitDeny' ? 'explicit deny in' : 'no allow in'} ${r.policyKind}${r.policyArn ? ` ${r.policyArn}` : ''}` : 'kind of policy not given';
  return [`AWS denied: ${r.principal}  ${r.action}  ${r.resource}  (${how})`];
}

/** The denials to explain, or a one-line reason the input is not one. */
function readCases(argument: string, catalog: ReturnType<typeof loadCatalog>): Case[] | string {
  if (looksLikeAccessDenied(argument) && !existsSync(argument)) return messageCase(argument, 'the message given');
  const shown = argument === STDIN ? 'standard input' : displayPath(argument);
  const read = argument === STDIN ? readTextFile(STDIN) : readLogFile(argument);
  if (!read.ok) return `${shown}: ${read.error}`;
  const text = read.text.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return messageCase(text, shown);
  const activity = readActivity(catalog, shown, text);
  if (activity.fileError !== undefined) return `${shown}: ${activity.fileError}`;
  const denied = activity.requests.filter((r) => r.outcome === 'denied');
  if (denied.length === 0) {
    const why = activity.unmapped[0] ? ` (${originText(activity.unmapped[0].origin)}: ${activity.unmapped[0].reason})` : '';
    return `${shown}: no CloudTrail record with an AccessDenied error could be read${why}`;
  }
  return denied.slice(0, MAX_RECORDS).map((r) => ({ label: `${originText(r.origin)}: ${r.eventSource} ${r.eventName} at ${r.time?.toISOString() ?? '?'}`, input: recordInput(r) }));
}

function messageCase(text: string, label: string): Case[] | string {
  const reported = parseAccessDenied(text);
  if ('problem' in reported) return `${label}: ${reported.problem}`;
  return [{ label: `${label}:`, input: { reported } }];
}

/** A record's request, with what its error message adds (the kind of policy AWS named). */
function recordInput(r: ActivityRequest): DenialInput {
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
