// `iam-policy-lab generate`: the least-privilege policy for what a principal did in CloudTrail logs, with its proof
// and the access its current policies grant unused (docs/formats.md, section 1).
import { generateForPrincipal, type GenerationProof, type UnusedAccess } from '../iam/activity';
import { loadCatalog } from '../node/catalogFiles';
import { loadActivity, originJson } from './activityInput';
import { formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { prepareAndLoadModel, builtFromTemplates } from './loadModel';
import { plural } from './printer';
import { findPrincipal } from '../iam/model';

export const summary = 'generate a least-privilege policy from CloudTrail logs';

const OPTIONS: readonly OptionSpec[] = [
  MODEL_OPTION,
  { name: 'principal', short: 'p', kind: 'value', valueName: 'P', description: 'the user or role, by ARN or by its name where the model makes it unique' },
  FORMAT_OPTION,
  HELP_OPTION,
];

const HELP = `usage: iam-policy-lab generate --model M --principal P [--format text|json] <cloudtrail-file-or-folder>...

Writes the least-privilege identity policy for what the principal did successfully in the logs (a role's sessions
count as the role): one statement per service and set of resources, resources as specific as the logs show (a
wildcard only where three or more share a parent path), and MFA or VPC endpoint conditions where every call had them.
It is proven before it is printed: the logs are replayed with it in place of the principal's identity policies
(its permissions boundary, the SCPs, RCPs and resource policies kept) and every recorded success must be allowed, and
the validator must find no warning. The report lists what the current policies grant that the logs never used.

The policy goes to standard output and the report to standard error; with --format json, standard output has one
object { "policy", "proof", "unused", "conditionsLeftOut"? }.

options:
${formatOptions(OPTIONS)}

Exit code 0 when the proof holds, 1 when it does not (the report says which call or finding), 2 for bad usage, an
unknown principal, or an unreadable model or log.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, {
    command: 'generate',
    options: OPTIONS,
    help: HELP,
    required: ['model', 'principal'],
    positionals: { some: 'name at least one CloudTrail log file or folder' },
  });
  if (typeof args === 'number') return args;
  const { model, failed } = await prepareAndLoadModel('generate', args.value('model') as string);
  if (failed) return 2;
  const principal = findPrincipal(model, args.value('principal') as string);
  if ('error' in principal) return usageError('generate', principal.error);
  const catalog = loadCatalog();
  const activity = loadActivity('generate', args.positionals, catalog, model, builtFromTemplates());
  if (activity.unreadable) return 2;
  const generated = generateForPrincipal(model, catalog, principal, activity.requests, activity.unmapped.length);
  if (generated === undefined) {
    process.stderr.write(
      `iam-policy-lab generate: no successful call of ${principal.arn} in ${plural(activity.requests.length, 'recorded request')} (${plural(activity.unmapped.length, 'record')} not mapped): nothing to generate from\n`,
    );
    return 2;
  }
  const { policy, text, proof, unused, conditionsLeftOut, report } = generated;
  if (args.value('format') === 'json') {
    const conditions = conditionsLeftOut.length > 0 ? { conditionsLeftOut } : {};
    process.stdout.write(`${JSON.stringify({ policy, proof: proofJson(proof), unused: unusedJson(unused), ...conditions }, null, 2)}\n`);
  } else {
    process.stdout.write(`${text}\n`);
    process.stderr.write(`${report.join('\n')}\n`);
  }
  return proof.passed ? 0 : 1;
}

function proofJson(proof: GenerationProof): unknown {
  const failure = (f: GenerationProof['failures'][number]) => ({
    ...originJson(f.request.origin),
    action: f.request.action,
    resource: f.request.resource,
    decision: f.decision,
    reason: f.reason,
  });
  return {
    passed: proof.passed,
    replayed: proof.replayed,
    allowed: proof.allowed,
    failures: proof.failures.map(failure),
    blockedElsewhere: proof.blockedElsewhere.map(failure),
    findings: proof.findings,
  };
}

function unusedJson(unused: UnusedAccess): unknown[] {
  return [
    ...unused.services.map((s) => ({ service: s.service, granted: s.granted, used: s.used, unusedActions: s.unusedActions, grantedBy: s.grantedBy })),
    ...unused.notExpanded.map((note) => ({ note })),
  ];
}
