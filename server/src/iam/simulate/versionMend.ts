import type { StatementTrace } from '../evaluator/types';
import { fileSpan, policyLabel } from '../explain';
import { currentVersionEdit } from '../policyVersionEdit';
import type { Candidate, PolicyOf } from './candidate';

/**
 * Sets the policy's Version to 2012-10-17 where it has none or the old one and the statement's Resource or Condition
 * holds a policy variable: AWS compares `${aws:username}` as the literal text then, so the statement meant to allow the
 * request matches nothing. Mended before the request's value is added beside the variable, which would grant one
 * principal's resource where the author wrote a rule for everyone.
 */
export function versionCandidate(statement: StatementTrace, policyOf: PolicyOf): Candidate | undefined {
  const source = statement.source;
  const parsed = policyOf(source);
  const document = parsed?.document;
  const version = document?.version?.value;
  if (!parsed || !document || source.file === undefined || source.decoded || (version !== undefined && version !== '2008-10-17')) return undefined;
  const node = document.statements[statement.statementIndex];
  const values = [...(node?.resource?.items ?? []), ...(node?.condition?.operators.flatMap((o) => o.keys.flatMap((k) => k.values)) ?? [])];
  const variable = values.map((v) => (typeof v.value === 'string' ? /\$\{[^}]*\}/.exec(v.value)?.[0] : undefined)).find((v) => v !== undefined);
  if (variable === undefined) return undefined;
  const edit = currentVersionEdit(parsed.text, document);
  const span = fileSpan(source, edit.span);
  if (span === undefined) return undefined;
  const why = `${version === undefined ? `${source.name} has no Version` : `${source.name} has Version 2008-10-17`}, so ${variable} is compared as literal text`;
  // Every other variable the policy writes becomes one too: said, as a fix says what else it changes.
  const others = [...new Set(parsed.text.match(/\$\{[^}]*\}/g) ?? [])].filter((other) => other !== variable);
  const also = others.length === 0 ? '' : ` (${others.join(', ')} in it ${others.length === 1 ? 'becomes a variable' : 'become variables'} too)`;
  return {
    title: `${version === undefined ? `Add "Version": "2012-10-17" to ${policyLabel(source)}` : `Set the Version of ${policyLabel(source)} to 2012-10-17`}${also}`,
    kind: 'edit',
    edits: [{ file: source.file, span, newText: edit.newText }],
    context: {},
    cause: why,
  };
}
