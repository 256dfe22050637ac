// `iam-policy-lab who-can`: which users, roles and account roots of a model are allowed a request (docs/formats.md, section 1).
import { loadCatalog } from '../node/catalogFiles';
import { CONTEXT_OPTION, formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { resourceArgumentError } from './resourceArgument';
import { locate, parseContextOptions, prepareAndLoadModel } from './loadModel';
import { plural } from './printer';
import { fileSpan, statementLabel } from '../iam/explain';
import { requesterLabel } from '../iam/model';
import { whoCan, type WhoCanOutcome } from '../iam/simulate';
import { progressLine } from './progress';

export const summary = 'list principals allowed a request';

const OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  { name: 'action', short: 'a', kind: 'value', valueName: 'A', description: 'action, like s3:GetObject' },
  { name: 'resource', short: 'r', kind: 'value', valueName: 'R', description: 'resource ARN' },
  CONTEXT_OPTION,
  FORMAT_OPTION,
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab who-can --model M --action A --resource R [--context KEY=VALUE]... [--format text|json]

Evaluates the request for every user, role and account root of the model and lists those allowed, each with the
statement that grants it.

options:
${formatOptions(OPTIONS)}
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, { command: 'who-can', options: OPTIONS, help: HELP, required: ['model', 'action', 'resource'], positionals: 'none' });
  if (typeof args === 'number') return args;
  const context = parseContextOptions(args.list('context'));
  if ('error' in context) return usageError('who-can', context.error);
  const catalog = loadCatalog();
  const badResource = resourceArgumentError(catalog, args.value('action') as string, args.value('resource') as string);
  if (badResource !== undefined) return usageError('who-can', badResource);
  const { model, failed } = await prepareAndLoadModel('who-can', args.value('model') as string);
  if (failed) return 2;

  const progress = progressLine('who-can');
  const answer = whoCan(
    model,
    { action: args.value('action') as string, resource: args.value('resource') as string, context: context.context },
    {
      catalog,
      onProgress: (done, total) => progress.update(() => `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} principals`),
    },
  );
  progress.done();
  // Problems with the request itself are the same for every principal: said once, before the answer.
  for (const problem of answer.problems) process.stderr.write(`iam-policy-lab who-can: warning: ${problem.message}\n`);
  const denied = answer.denied.length;
  if (args.value('format') === 'json') {
    // No line and column here: finding them in a big export means counting its lines up to the last grant.
    const allowed = answer.allowed.map((outcome) => ({ principal: outcome.requester.arn, via: grantOf(outcome, false).via }));
    // The warnings too, for a script that gates on them (a resource open to anyone, an outside account trusted).
    const problems = answer.problems.map((problem) => ({ code: problem.code, message: problem.message }));
    process.stdout.write(`${JSON.stringify({ allowed, denied, ...(problems.length > 0 ? { problems } : {}) }, null, 2)}\n`);
    return 0;
  }
  // Users, roles, account roots and the service principals the model's policies name.
  const allowed = answer.allowed.map((outcome) => ({ principal: outcome.requester.arn, label: requesterLabel(outcome.requester), ...grantOf(outcome, true) }));
  const lines = [`${plural(allowed.length, 'principal')} allowed ${args.value('action')} on ${args.value('resource')}:`];
  // Named as every face names principals, with the ARN that scripts and policies use.
  for (const entry of allowed) lines.push(`  ✔ ${entry.label}  ${entry.principal}`, `      via ${entry.via}${entry.where ? `  (${entry.where})` : ''}`);
  lines.push(`${denied} denied.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** The statement that grants it, in words (`statement X of policy P (attached to group G)`), and where it is. */
function grantOf(outcome: WhoCanOutcome, located: boolean): { via: string; where?: string } {
  const statement = outcome.statement;
  if (statement === undefined) return { via: outcome.note ?? '' };
  const via = statementLabel(statement);
  if (!located) return { via };
  const span = fileSpan(statement.source, statement.span);
  return statement.source.file !== undefined ? { via, where: locate(statement.source.file, span) } : { via };
}
