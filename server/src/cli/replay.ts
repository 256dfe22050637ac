// `iam-policy-lab replay`: every request of CloudTrail logs decided on a model and compared with what AWS did
// (docs/formats.md, section 1).
import { newlyAllowedHeadline, replay, replayHeadline, type ReplayChange } from '../iam/activity';
import { loadCatalog } from '../node/catalogFiles';
import { loadActivity, originJson, originText, unmappedLines } from './activityInput';
import { formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand } from './commandStart';
import { prepareAndLoadModel, builtFromTemplates } from './loadModel';

export const summary = 'replay CloudTrail logs against a model';

const OPTIONS: readonly OptionSpec[] = [MODEL_OPTION, FORMAT_OPTION, HELP_OPTION];

const HELP = `usage: iam-policy-lab replay --model M [--format text|json] <cloudtrail-file-or-folder>...

Decides every request recorded in CloudTrail logs on the model, at the time it was made, and reports what changed:
a call that succeeded but would now be denied (a regression), and a call AWS denied that the model would now allow,
each with the decision explained. Logs are files as CloudTrail delivers them ({"Records": [...]}, plain or .json.gz),
JSON-lines exports of CloudTrail Lake or Athena queries, or folders of either. Records that cannot be mapped to a
request (console sign-ins, another account's calls, an event the catalog does not know) are counted and listed.

options:
${formatOptions(OPTIONS)}

Exit code 0 when no call that succeeded would now be denied, 1 when one would, 2 for bad usage or an unreadable
model or log file.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, {
    command: 'replay',
    options: OPTIONS,
    help: HELP,
    required: ['model'],
    positionals: { some: 'name at least one CloudTrail log file or folder' },
  });
  if (typeof args === 'number') return args;
  const { model, failed } = await prepareAndLoadModel('replay', args.value('model') as string);
  if (failed) return 2;
  const catalog = loadCatalog();
  const activity = loadActivity('replay', args.positionals, catalog, model, builtFromTemplates());
  const report = replay(model, catalog, activity.requests);

  if (args.value('format') === 'json') {
    const output = {
      files: activity.files,
      records: activity.requests.length + activity.unmapped.length,
      evaluated: report.evaluated,
      regressions: report.regressions.map(changeJson),
      newlyAllowed: report.newlyAllowed.map(changeJson),
      stillAllowed: report.stillAllowed,
      stillDenied: report.stillDenied,
      otherErrors: report.otherErrors,
      unmapped: activity.unmapped.map((u) => ({ ...originJson(u.origin), ...(u.event ? { event: u.event } : {}), reason: u.reason })),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    const lines = replayHeadline({
      files: activity.files,
      ...report,
      regressions: report.regressions.length,
      newlyAllowed: report.newlyAllowed.length,
      unreadable: activity.unreadableCount,
    });
    for (const c of report.regressions) lines.push(...changeLines(c));
    if (report.newlyAllowed.length > 0) lines.push(newlyAllowedHeadline(report.newlyAllowed.length));
    for (const c of report.newlyAllowed) lines.push(...changeLines(c));
    lines.push(...unmappedLines(activity.unmapped));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (activity.unreadable) return 2;
  return report.regressions.length > 0 ? 1 : 0;
}

function changeLines(c: ReplayChange): string[] {
  const r = c.request;
  return [
    `  ${originText(r.origin)}  ${r.time?.toISOString() ?? ''}  ${r.principal}  ${r.action}  ${r.resource}`,
    `      ${c.summary}`,
    `      Why: ${c.reason}`,
  ];
}

function changeJson(c: ReplayChange): unknown {
  const r = c.request;
  return {
    ...originJson(r.origin),
    ...(r.time ? { eventTime: r.time.toISOString() } : {}),
    eventSource: r.eventSource,
    eventName: r.eventName,
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    context: r.context,
    recorded: r.outcome,
    ...(r.errorCode !== undefined ? { errorCode: r.errorCode } : {}),
    ...(c.action !== r.action || c.resource !== r.resource ? { deniedAction: c.action, deniedResource: c.resource } : {}),
    decision: c.decision,
    summary: c.summary,
    reason: c.reason,
  };
}
