// `iam-policy-lab generate`: the least-privilege policy for what a principal did in CloudTrail logs, with its proof
// and the access its current policies grant unused (docs/formats.md, section 1).
import { activityOf, generatePolicy, proveGenerated, unusedAccess, type GenerationProof, type UnusedAccess } from '../iam/activity';
import { loadCatalog } from '../node/catalogFiles';
import { loadActivity, originJson, originText } from './activityInput';
import { formatOptions, HELP_OPTION, FORMAT_OPTION, MODEL_OPTION, type OptionSpec } from './args';
import { startCommand, usageError } from './commandStart';
import { loadModelForCli } from './loadModel';
import { plural } from './printer';
import { findPrincipal } from './principalOption';

/** Services never used that the text report lists by name; JSON lists them all. */
const WHOLE_SERVICES_SHOWN = 15;

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
object { "policy", "proof", "unused" }.

options:
${formatOptions(OPTIONS)}

Exit code 0 when the proof holds, 1 when it does not (the report says which call or finding), 2 for bad usage, an
unknown principal, or an unreadable model or log.
`;

export async function run(argv: readonly string[]): Promise<number> {
  const args = startCommand(argv, { command: 'generate', options: OPTIONS, help: HELP, required: ['model', 'principal'], positionals: { some: 'name at least one CloudTrail log file or folder' } });
  if (typeof args === 'number') return args;
  const { model, failed } = loadModelForCli('generate', args.value('model') as string);
  if (failed) return 2;
  const principal = findPrincipal(model, args.value('principal') as string);
  if ('error' in principal) return usageError('generate', principal.error);
  const catalog = loadCatalog();
  const activity = loadActivity('generate', args.positionals, catalog);
  if (activity.unreadable) return 2;
  const mine = activityOf(principal, activity.requests);
  const successes = mine.filter((r) => r.outcome === 'allowed');
  if (successes.length === 0) {
    process.stderr.write(`iam-policy-lab generate: no successful call of ${principal.arn} in ${plural(activity.requests.length, 'recorded request')} (${plural(activity.unmapped.length, 'record')} not mapped): nothing to generate from\n`);
    return 2;
  }
  const policy = generatePolicy(mine);
  const text = JSON.stringify(policy, null, 2);
  const proof = proveGenerated(model, catalog, principal, text, mine);
  const unused = unusedAccess(catalog, principal, new Set(successes.map((r) => r.action)));

  if (args.value('format') === 'json') {
    process.stdout.write(`${JSON.stringify({ policy, proof: proofJson(proof), unused: unusedJson(unused) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${text}\n`);
    process.stderr.write(`${reportLines(principal.arn, mine.length, successes.length, policy.Statement.length, proof, unused, activity.unmapped.length).join('\n')}\n`);
  }
  return proof.passed ? 0 : 1;
}

function reportLines(principal: string, calls: number, successes: number, statements: number, proof: GenerationProof, unused: UnusedAccess, unmapped: number): string[] {
  const lines = [
    `Generated ${plural(statements, 'statement')} for ${principal} from ${plural(successes, 'successful call')} (${calls} recorded; ${plural(unmapped, 'record')} of the logs not mapped).`,
    proof.passed
      ? `✔ Proof: replayed with only this policy as its identity policy, all ${proof.allowed} of ${proof.replayed} successful calls are allowed, and the validator finds no warning.`
      : `✖ Proof failed: ${proof.allowed} of ${proof.replayed} successful calls allowed; ${plural(proof.failures.length, 'call')} denied by the generated policy, ${plural(proof.findings.length, 'validator finding')}.`,
  ];
  for (const f of proof.failures) lines.push(`  ✖ ${originText(f.request.origin)}: ${f.request.action} on ${f.request.resource}: ${f.reason}`);
  for (const f of proof.findings) lines.push(`  ✖ ${f.severity} ${f.code}: ${f.message}`);
  if (proof.blockedElsewhere.length > 0) {
    lines.push(`! ${plural(proof.blockedElsewhere.length, 'successful call')} the model denies by another layer (boundary, SCP, RCP or resource policy), with any identity policy:`);
    for (const f of proof.blockedElsewhere.slice(0, 20)) lines.push(`  ${originText(f.request.origin)}: ${f.request.action} on ${f.request.resource}: ${f.reason}`);
  }
  if (unused.services.length === 0 && unused.notExpanded.length === 0) lines.push('Unused: the current identity policies grant nothing the logs did not use.');
  else {
    lines.push('Granted by the current identity policies and never used in the logs (candidates to remove):');
    // Services in use first (the actions to trim there), then services never used, at most a screenful of those.
    const partly = unused.services.filter((s) => s.used > 0);
    const wholly = unused.services.filter((s) => s.used === 0);
    for (const s of partly) {
      lines.push(`  ${s.service}: ${s.unusedActions.length} of ${s.granted} actions unused: ${s.unusedActions.slice(0, 8).join(', ')}${s.unusedActions.length > 8 ? ', …' : ''}  (granted by ${s.grantedBy.join('; ')})`);
    }
    for (const s of wholly.slice(0, WHOLE_SERVICES_SHOWN)) lines.push(`  ${s.service}: the whole service (${plural(s.granted, 'action')})  (granted by ${s.grantedBy.join('; ')})`);
    if (wholly.length > WHOLE_SERVICES_SHOWN) lines.push(`  … and ${wholly.length - WHOLE_SERVICES_SHOWN} more services never used (--format json lists them all)`);
    for (const note of unused.notExpanded) lines.push(`  ${note}`);
  }
  return lines;
}

function proofJson(proof: GenerationProof): unknown {
  const failure = (f: GenerationProof['failures'][number]) => ({ ...originJson(f.request.origin), action: f.request.action, resource: f.request.resource, decision: f.decision, reason: f.reason });
  return { passed: proof.passed, replayed: proof.replayed, allowed: proof.allowed, failures: proof.failures.map(failure), blockedElsewhere: proof.blockedElsewhere.map(failure), findings: proof.findings };
}

function unusedJson(unused: UnusedAccess): unknown[] {
  return [
    ...unused.services.map((s) => ({ service: s.service, granted: s.granted, used: s.used, unusedActions: s.unusedActions, grantedBy: s.grantedBy })),
    ...unused.notExpanded.map((note) => ({ note })),
  ];
}
