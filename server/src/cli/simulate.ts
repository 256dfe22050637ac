// `iam-policy-lab simulate`: evaluates one request against an account model and explains the decision (docs/formats.md, section 1).
import { printableText } from '../iam/explain';
import { basename } from 'node:path';
import type { PolicyRef } from '../iam/evaluator';
import type { EvaluationRequest } from '../iam/evaluator';
import { simulateRequest } from '../iam/simulate';
import { principalNotes } from '../iam/model';
import { parsePolicy } from '../iam/parser';
import { loadCatalog } from '../node/catalogFiles';
import { CONTEXT_OPTION, formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { resourceArgumentError } from './resourceArgument';
import { principalArn } from '../iam/model';
import { cliModelHost, explanationText, explanationToJson, fixesToJson, locate, parseContextOptions, prepareAndLoadModel } from './loadModel';

export const summary = 'evaluate one request against a model';

const OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  {
    name: 'principal',
    short: 'p',
    kind: 'value',
    valueName: 'P',
    description: 'user, role, role-session or account root ARN, or a service principal (ec2.amazonaws.com)',
  },
  { name: 'action', short: 'a', kind: 'value', valueName: 'A', description: 'action, like s3:GetObject' },
  { name: 'resource', short: 'r', kind: 'value', valueName: 'R', description: 'resource ARN' },
  CONTEXT_OPTION,
  { name: 'session-policy', kind: 'list', valueName: 'FILE', description: 'session policy file, for role-session principals' },
  FORMAT_OPTION,
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab simulate --model M --principal P --action A --resource R [--context KEY=VALUE]... [--session-policy FILE]... [--format text|json]

Evaluates one request the way AWS does and says why: the decision, AWS's AccessDenied sentence, the statement that
decided with its file:line:column, every policy layer, and the statements that almost applied. A denial says why in
one line ("Why:") and lists the smallest changes that would decide it otherwise, each checked by evaluating again
with that change alone: an edit of a policy file, or a request context value.

options:
${formatOptions(OPTIONS)}

Exit code 0 whatever the decision; 2 for bad usage or an unreadable or invalid model.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, {
    command: 'simulate',
    options: OPTIONS,
    help: HELP,
    required: ['model', 'principal', 'action', 'resource'],
    positionals: 'none',
  });
  if (typeof args === 'number') return args;
  const context = parseContextOptions(args.list('context'));
  if ('error' in context) return usageError('simulate', context.error);
  const catalog = loadCatalog();
  const badResource = resourceArgumentError(catalog, args.value('action') as string, args.value('resource') as string);
  if (badResource !== undefined) return usageError('simulate', badResource);

  const sessionPolicyRefs = readSessionPolicies(args.list('session-policy'));
  if (!sessionPolicyRefs) return 2;
  const modelPath = args.value('model') as string;
  // One request reaches a few of a large model's accounts: the others are not read (`check` reads them all).
  const { model, failed, reportLate } = await prepareAndLoadModel('simulate', modelPath, { accountsOnDemand: true });
  if (failed) return 2;

  // A name (`app-reader`) stands for the one user or role of the model with that name.
  const principal = principalArn(model, args.value('principal') as string);
  // What is wrong in the accounts read so far makes the model invalid, as at load.
  if (reportLate()) return 2;
  if ('error' in principal) return usageError('simulate', `--principal ${args.value('principal') as string}: ${principal.error}`);
  // A path corrected to the model's principal, or a principal the model does not have: said before the answer.
  for (const note of principalNotes(model, principal)) process.stderr.write(`iam-policy-lab simulate: warning: ${note}\n`);
  const request: EvaluationRequest = {
    principal: principal.arn,
    action: args.value('action') as string,
    resource: args.value('resource') as string,
    context: context.context,
    ...(sessionPolicyRefs.length > 0 ? { sessionPolicies: sessionPolicyRefs.map((r) => r.source), sessionPolicyRefs } : {}),
  };
  const { result, explanation } = simulateRequest({ model, modelPath, host: cliModelHost(), request, options: { catalog } });
  if (reportLate()) return 2;
  if (args.value('format') === 'json') {
    const output = {
      decision: result.decision,
      reason: explanation.reason,
      fixes: fixesToJson(explanation.fixes ?? []),
      explanation: explanationToJson(explanation),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(explanationText(explanation));
  }
  return 0;
}

/** Session policy files, parsed; undefined (after printing why) when one cannot be read or is not JSON. */
export function readSessionPolicies(files: readonly string[]): PolicyRef[] | undefined {
  const host = cliModelHost();
  const refs: PolicyRef[] = [];
  for (const file of files) {
    const path = host.resolve(`${process.cwd()}/.`, file);
    const text = host.readFile(path);
    if (typeof text !== 'string') {
      process.stderr.write(`iam-policy-lab simulate: ${file}: cannot read the session policy: ${text.error}\n`);
      return undefined;
    }
    const parsed = parsePolicy(text);
    const broken = parsed.problems.find((p) => p.kind === 'syntax' || p.kind === 'empty' || p.kind === 'notAnObject');
    if (broken) {
      process.stderr.write(`iam-policy-lab simulate: ${locate(path, broken.span)}: ${printableText(broken.message)}\n`);
      return undefined;
    }
    refs.push({ source: { name: basename(file), type: 'session', file: path }, parsed });
  }
  return refs;
}
