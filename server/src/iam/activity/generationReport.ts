import { plural } from '../explain';
import { recordLabel } from './denialCases';
import type { GenerationProof } from './proveGenerated';
import type { UnusedAccess } from './unusedAccess';

/** What a generation produced, for its report. */
export interface GenerationReport {
  /** The principal's ARN. */
  readonly principal: string;
  /** Its recorded calls, and the successful ones the policy is made from. */
  readonly calls: number;
  readonly successes: number;
  readonly statements: number;
  readonly proof: GenerationProof;
  readonly unused: UnusedAccess;
  /** Records of the logs that could not be mapped to a request. */
  readonly unmapped: number;
  /** The conditions today's identity policies hold the calls to, which the generated policy leaves out (`conditionsLeftOut`). */
  readonly conditionsLeftOut?: readonly string[];
}

/** Services never used that the report lists by name; the JSON output lists them all. */
const WHOLE_SERVICES_SHOWN = 15;

/**
 * The report of a generated policy, in lines, worded once for every face: what it was made from, the proof, the
 * calls another layer blocks, and the access the current identity policies grant that the logs never used.
 */
export function generationReportLines(report: GenerationReport): string[] {
  const { principal, calls, successes, statements, proof, unused, unmapped, conditionsLeftOut = [] } = report;
  const lines = [
    `Generated ${plural(statements, 'statement')} for ${principal} from ${plural(successes, 'successful call')} (${calls} recorded; ${plural(unmapped, 'record')} of the logs not mapped).`,
    proofLine(proof),
  ];
  for (const f of proof.failures) lines.push(`  ✖ ${recordLabel(f.request.origin)}: ${f.request.action} on ${f.request.resource}: ${f.reason}`);
  if (conditionsLeftOut.length > 0) {
    lines.push('! The current identity policies hold these calls to conditions the generated policy leaves out (add them to keep the limit):');
    for (const sentence of conditionsLeftOut) lines.push(`  ${sentence}`);
  }
  for (const f of proof.findings) lines.push(`  ✖ ${f.severity} ${f.code}: ${f.message}`);
  if (proof.blockedElsewhere.length > 0) {
    lines.push(
      `! ${plural(proof.blockedElsewhere.length, 'successful call')} the model denies by another layer (boundary, SCP, RCP or resource policy), with any identity policy:`,
    );
    for (const f of proof.blockedElsewhere.slice(0, 20))
      lines.push(`  ${recordLabel(f.request.origin)}: ${f.request.action} on ${f.request.resource}: ${f.reason}`);
  }
  if (unused.services.length === 0 && unused.notExpanded.length === 0) lines.push('Unused: the current identity policies grant nothing the logs did not use.');
  else {
    lines.push('Granted by the current identity policies and never used in the logs (candidates to remove):');
    // Services in use first (the actions to trim there), then services never used, at most a screenful of those.
    const partly = unused.services.filter((s) => s.used > 0);
    const wholly = unused.services.filter((s) => s.used === 0);
    for (const s of partly) {
      lines.push(
        `  ${s.service}: ${s.unusedActions.length} of ${s.granted} actions unused: ${s.unusedActions.slice(0, 8).join(', ')}${s.unusedActions.length > 8 ? ', …' : ''}  (granted by ${s.grantedBy.join('; ')})`,
      );
    }
    for (const s of wholly.slice(0, WHOLE_SERVICES_SHOWN))
      lines.push(`  ${s.service}: the whole service (${plural(s.granted, 'action')})  (granted by ${s.grantedBy.join('; ')})`);
    if (wholly.length > WHOLE_SERVICES_SHOWN)
      lines.push(`  … and ${wholly.length - WHOLE_SERVICES_SHOWN} more services never used (--format json lists them all)`);
    for (const note of unused.notExpanded) lines.push(`  ${note}`);
  }
  return lines;
}

/** `all 3 successful calls are allowed`, or which are and how many another layer denies (listed below). */
/**
 * The proof in one line. One that allowed nothing (another layer denies every call the logs recorded) proves nothing
 * about the policy: said with a `!`, not a tick.
 */
function proofLine(proof: GenerationReport['proof']): string {
  if (proof.allowed === 0 && proof.replayed > 0 && proof.failures.length === 0 && proof.findings.length === 0)
    return `! No proof: the model denies ${proof.replayed === 1 ? 'the one successful call' : `all ${proof.replayed} successful calls`} by another layer whatever the identity policy (below), so none shows what this policy allows; the model may be out of date there.`;
  if (!proof.passed)
    return `✖ Proof failed: ${proof.allowed} of ${proof.replayed} successful calls allowed; ${plural(proof.failures.length, 'call')} denied by the generated policy, ${plural(proof.findings.length, 'validator finding')}.`;
  return `✔ Proof: replayed with only this policy as its identity policy, ${proofCount(proof.allowed, proof.replayed)}, and the validator finds no warning.`;
}

function proofCount(allowed: number, replayed: number): string {
  const are = (n: number) => (n === 1 ? 'is' : 'are');
  if (allowed === replayed) return allowed === 1 ? 'the successful call is allowed' : `all ${allowed} successful calls are allowed`;
  const others = replayed - allowed;
  return `${plural(allowed, 'successful call')} ${are(allowed)} allowed and the other ${others} ${are(others)} denied by another layer (below)`;
}
