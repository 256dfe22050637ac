// `iam-policy-lab who-can`: which users, roles and account roots of a model are allowed a request (docs/formats.md, section 1).
import { loadCatalog } from '../node/catalogFiles';
import { CONTEXT_OPTION, formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { resourceArgumentError } from './resourceArgument';
import { locate, parseContextOptions, prepareAndLoadModel } from './loadModel';
import { plural } from './printer';
import { fileSpan, statementLabel, statementOfPolicy } from '../iam/explain';
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
statement that grants it; more than 50 are grouped by that statement, a few of each shown (--format json lists all).

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
  lines.push(...(allowed.length > LISTED_ONE_BY_ONE ? byGrant(allowed) : allowed.flatMap((entry) => [principalLine(entry), `      ${viaLine(entry)}`])));
  lines.push(`${denied} denied.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Up to this many allowed principals are listed one by one, each with its grant; more are grouped by the statement
 * that grants them, the largest group first, each showing a few of its principals: over an organization, thousands are
 * allowed through a handful of statements, and which statements is the answer a reviewer needs.
 */
const LISTED_ONE_BY_ONE = 50;
/** How many principals of a group are shown. */
const SHOWN_PER_GRANT = 10;

interface AllowedEntry {
  readonly principal: string;
  readonly label: string;
  readonly via: string;
  readonly where?: string;
  readonly grant: string;
}

/** Named as every face names principals, with the ARN that scripts and policies use. */
function principalLine(entry: AllowedEntry): string {
  return `  ✔ ${entry.label}  ${entry.principal}`;
}

/** The grant under a principal, or over a group of them that share it: the statement, and where it is. */
function viaLine(entry: AllowedEntry): string {
  return `via ${entry.via}${entry.where ? `  (${entry.where})` : ''}`;
}

/**
 * The allowed grouped by the statement that grants them, whatever holds its policy (see `grantOf`), the largest group
 * first; a group shares its header's place in a file only when its members share it.
 */
function byGrant(allowed: readonly AllowedEntry[]): string[] {
  const groups = new Map<string, AllowedEntry[]>();
  for (const entry of allowed) {
    const group = groups.get(entry.grant);
    if (group) group.push(entry);
    else groups.set(entry.grant, [entry]);
  }
  const lines: string[] = [];
  for (const [grant, entries] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const first = entries[0] as AllowedEntry;
    const shared = entries.every((entry) => entry.via === first.via && entry.where === first.where);
    const sameWhere = entries.every((entry) => entry.where === first.where);
    const header = shared ? viaLine(first) : `via ${grant}${sameWhere && first.where ? `  (${first.where})` : ''}`;
    lines.push(`  ${plural(entries.length, 'principal')} ${header}:`);
    for (const entry of entries.slice(0, SHOWN_PER_GRANT)) lines.push(`  ${principalLine(entry)}`);
    const more = entries.length - SHOWN_PER_GRANT;
    if (more > 0) lines.push(`      … and ${more.toLocaleString('en-US')} more (--format json lists every one)`);
  }
  return lines;
}

/**
 * The statement that grants it, in words (`statement X of policy P (attached to group G)`), and where it is; `grant` is
 * the statement and its policy whatever holds it, for grouping (the JSON output leaves it out).
 */
function grantOf(outcome: WhoCanOutcome, located: boolean): { via: string; where?: string; grant: string } {
  const statement = outcome.statement;
  if (statement === undefined) return { via: outcome.note ?? '', grant: outcome.note ?? '' };
  const via = statementLabel(statement);
  // A group's policy is one grant to its members, as worded; a managed policy attached to each principal is one too
  // (named by its ARN: two accounts' policies may share a name), and so is an inline policy of one name that each
  // principal has its own, which may differ.
  const arn = statement.source.arn;
  const own = arn !== undefined ? `${arn}, attached to each of them` : 'each has its own policy of that name';
  const grant = statement.source.attachedTo?.startsWith('group ') ? via : `${statementOfPolicy(statement)} (${own})`;
  if (!located) return { via, grant };
  const span = fileSpan(statement.source, statement.span);
  return statement.source.file !== undefined ? { via, grant, where: locate(statement.source.file, span) } : { via, grant };
}
