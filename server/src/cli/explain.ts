// `iam-policy-lab explain`: an AccessDenied message or a CloudTrail record rebuilt as a request and explained on a
// model, saying whether the model reproduces the denial AWS reported (docs/formats.md, section 1).
import { existsSync } from 'node:fs';
import { denialCases, explainDenial, looksLikeAccessDenied, reportedDenialLine, withDenialFixes, type DenialCase } from '../iam/activity';
import type { Catalog } from '../iam/catalog';
import { loadCatalog } from '../node/catalogFiles';
import { readLogFile } from '../node/activityFiles';
import { CONTEXT_OPTION, formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { cliModelHost, displayPath, explanationText, explanationToJson, fixesToJson, parseContextOptions, prepareAndLoadModel } from './loadModel';
import { readTextFile, STDIN } from './inputFiles';

export const summary = 'explain an AccessDenied message or CloudTrail record on a model';

const OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  { ...CONTEXT_OPTION, description: 'request context over what the message or record says (a key AWS set that it does not show)' },
  FORMAT_OPTION,
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab explain [--model M] [--context KEY=VALUE]... [--format text|json] <AccessDenied-message-or-CloudTrail-record-file>

Reads AWS's AccessDenied sentence ("User: ARN is not authorized to perform: ACTION on resource: ARN because no
identity-based policy allows …", "… with an explicit deny in a service control policy") from a file, from standard
input (-) or given as the argument itself, or a CloudTrail record (or log file) with an AccessDenied error. The request
is rebuilt and decided on the model, and the answer says whether the model denies it the way AWS said; if not,
which part of the model must be out of date; then the fixes that would change a denial, each checked as simulate
checks it. A message names no context: the request is asked over HTTPS (aws:SecureTransport true, as the AWS CLI,
the SDKs and the console send it; false where only that is denied as AWS said) in the Region its resource's ARN
names, and --context gives what else AWS had (aws:RequestedRegion for a bucket, aws:SourceIp, aws:SecureTransport…).
Without --model, prints the request the message describes.

options:
${formatOptions(OPTIONS)}

Exit code 0 when the model reproduces every denial (or without --model), 1 when it does not reproduce one, 2 for bad
usage or input that is neither an AccessDenied message nor a CloudTrail record.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, {
    command: 'explain',
    options: OPTIONS,
    help: HELP,
    positionals: { some: 'give an AccessDenied message, or a file with one or with a CloudTrail record' },
  });
  if (typeof args === 'number') return args;
  if (args.positionals.length > 1 && !looksLikeAccessDenied(args.positionals.join(' ')))
    return usageError('explain', `unexpected argument '${args.positionals[1]}'`);
  const catalog = loadCatalog();
  const cases = readCases(args.positionals.join(' '), catalog);
  if (typeof cases === 'string') {
    process.stderr.write(`iam-policy-lab explain: ${cases}\n`);
    return 2;
  }
  const json = args.value('format') === 'json';
  const modelPath = args.value('model');
  // Read before the model is known, so that a malformed pair is reported either way.
  const given = parseContextOptions(args.list('context'));
  if ('error' in given) return usageError('explain', given.error);
  if (modelPath === undefined) {
    // A context only changes how the model decides: without one, say so rather than drop it unread.
    if (Object.keys(given.context).length > 0)
      process.stderr.write('iam-policy-lab explain: warning: --context is used only with --model; it is ignored here.\n');
    if (json) process.stdout.write(`${JSON.stringify({ reported: cases.map((c) => c.input.reported) }, null, 2)}\n`);
    else
      for (const c of cases) process.stdout.write(`${c.label}\n${reportedDenialLine(c.input.reported)}\nGive --model to check it against an account model.\n`);
    return 0;
  }
  // A denial reaches a few of a large model's accounts, as a simulation does: the others are not read.
  const { model, failed, reportLate } = await prepareAndLoadModel('explain', modelPath, { accountsOnDemand: true });
  if (failed) return 2;
  let unreproduced = 0;
  const outputs: unknown[] = [];
  for (const c of cases) {
    const answer = explainDenial(model, catalog, { ...c.input, given: given.context });
    // Then what would change it, each fix checked as simulate checks it.
    const explanation = withDenialFixes(answer, { model, modelPath, host: cliModelHost(), catalog }, c.input.time);
    // What is wrong in the accounts the denial reached makes the model invalid, as at load.
    if (reportLate()) return 2;
    if (!answer.reproduced) unreproduced++;
    if (json) {
      outputs.push({
        source: c.label,
        reported: c.input.reported,
        decision: answer.result.decision,
        reproduced: answer.reproduced,
        verdict: answer.verdict,
        fixes: fixesToJson(explanation.fixes ?? []),
        explanation: explanationToJson(explanation),
      });
    } else {
      const lines = [c.label, reportedDenialLine(c.input.reported), `${answer.reproduced ? '✔' : '✖'} ${answer.verdict}`, ''];
      process.stdout.write(`${lines.join('\n')}${explanationText(explanation)}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(outputs.length === 1 ? outputs[0] : outputs, null, 2)}\n`);
  return unreproduced > 0 ? 1 : 0;
}

/** The denials to explain, or a one-line reason the input is not one. */
function readCases(argument: string, catalog: Catalog): DenialCase[] | string {
  if (looksLikeAccessDenied(argument) && !existsSync(argument)) return denialCases(catalog, 'the message given', argument);
  const shown = argument === STDIN ? 'standard input' : displayPath(argument);
  const read = argument === STDIN ? readTextFile(STDIN) : readLogFile(argument);
  // The argument may have been meant as a message that is not one AWS writes: say what a message looks like too.
  if (!read.ok && read.error === 'no such file or folder' && argument !== STDIN)
    return `${shown}: no such file or folder, nor an AccessDenied message (one reads "User: arn:… is not authorized to perform: ACTION on resource: arn:… because …")`;
  if (!read.ok) return `${shown}: ${read.error}`;
  return denialCases(catalog, shown, read.text);
}
