import type { Catalog } from '../catalog';
import type { EvaluationResult } from '../evaluator';
import { capitalise, decidingPolicyErrorSentence, statementLabel } from '../explain';
import { validatePolicy } from '../validator';
import type { PolicyOf } from './candidate';

/**
 * Errors `check` reports inside a statement that decided the request: the answer rests on a statement AWS may refuse
 * (a role trust policy that trusts `"*"`) or that does not do what it seems to (a condition on a private address in
 * aws:SourceIp). Said beside the answer, so that "allowed" does not read as a grant that works. The evaluator already
 * skips what it cannot apply at all (an Effect spelt "Alow"); these are the statements it could apply. Default
 * severities: simulate takes no `--severity`.
 */
export function decidingPolicyErrors(result: EvaluationResult, policyOf: PolicyOf, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const statement of result.decidingStatements) {
    const parsed = policyOf(statement.source);
    const span = statement.span;
    if (parsed === undefined || span === undefined) continue;
    for (const finding of validatePolicy(parsed, { type: statement.source.type, catalog }).findings) {
      const inside = finding.span.offset >= span.offset && finding.span.offset + finding.span.length <= span.offset + span.length;
      if (finding.severity === 'error' && inside)
        problems.push(decidingPolicyErrorSentence(capitalise(statementLabel(statement)), finding.message, finding.code));
    }
  }
  return problems;
}
