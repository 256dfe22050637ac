import type { EvaluationResult, LayerTrace, PolicySource } from '../evaluator/types';
import { fileSpan, policyLabel } from '../explain';
import { appendItem, objectLike } from '../textLayout';
import type { Candidate, CandidateGroup, PolicyOf } from './candidate';
import { guardrailCaveat } from './guardrailCaveat';

/**
 * A statement that allows exactly the request, its action on its resource, added to a policy of the layer that allowed
 * nothing: the fix for the commonest denial (no statement mentions the action at all), and the least-privilege
 * alternative to widening a statement written for something else. Offered for the principal's identity policies and
 * its permissions boundary, whose statements need no Principal. Two groups, so that both are shown: the principal's
 * own (its inline policies, else `ownNew`, an inline policy of its own made for it), then a policy others have too (a
 * managed policy attached to it, a group's), which reaches more than the request.
 */
export function addedStatementGroups(
  result: EvaluationResult,
  failedLayers: readonly LayerTrace[],
  policyOf: PolicyOf,
  ways: AddingWays = {},
): CandidateGroup[] {
  const { ownNew, sharedWith = () => [] } = ways;
  const sources = failedLayers
    .filter((layer) => layer.kind === 'identity' || layer.kind === 'boundary')
    .flatMap((layer) => layer.policies.map((policy) => policy.source))
    .filter((source) => source.file !== undefined && !source.decoded);
  const own: Candidate[] = [];
  const shared: Candidate[] = [];
  const ranked = sources.map((source) => ({ source, others: sharedWith(source), rank: reach(source) }));
  for (const { source, others, rank } of ranked.sort((a, b) => a.rank - b.rank)) {
    const candidate = addedStatement(result, source, policyOf, others);
    if (candidate) (rank === 0 && others.length === 0 ? own : shared).push(candidate);
  }
  const made = own.length > 0 ? undefined : ownNew?.();
  const first = own.length > 0 ? own : made ? [made] : [];
  return [first, shared].filter((group) => group.length > 0).map((group) => group.map((candidate) => ({ ...candidate, ownGrant: true })));
}

/** Where else a statement of its own may be written for the principal (see `CandidateOptions`). */
export interface AddingWays {
  /** An inline policy of its own made for the principal, offered where it has none to add to. */
  readonly ownNew?: () => Candidate | undefined;
  /** The other principals a policy is written once for. */
  readonly sharedWith?: (source: PolicySource) => readonly string[];
}

/** How many others a statement added to the policy reaches, in rank: its own inline policy first. */
function reach(source: PolicySource): number {
  if (source.attachedTo?.startsWith('group ')) return 2;
  return source.arn === undefined ? 0 : 1;
}

function addedStatement(result: EvaluationResult, source: PolicySource, policyOf: PolicyOf, others: readonly string[]): Candidate | undefined {
  const parsed = policyOf(source);
  const document = parsed?.document;
  const list = document?.statementIsArray === true ? document.statementProperty?.value : undefined;
  if (!parsed || !document || !list || source.file === undefined || parsed.problems.some((p) => p.kind === 'syntax')) return undefined;
  const { action, resource } = result.request;
  const sids = document.statements.map((s) => s.sid?.value).filter((sid) => typeof sid === 'string');
  const entries = statementEntries(freeName(new Set(sids), action), result.request);
  // Laid out as the policy's last statement is (appendItem puts it on a line of its own when the list has its items so).
  const last = document.statements[document.statements.length - 1]?.node;
  const local = last && appendItem(parsed.text, list, objectLike(parsed.text, last, entries));
  const span = local ? fileSpan(source, local.span) : undefined;
  if (!local || !span) return undefined;
  return {
    title: `Add a statement to ${policyLabel(source)} that allows ${action} on ${resource}${sharedCaveat(source, others)}${guardrailCaveat(source)}`,
    kind: 'edit',
    edits: [{ file: source.file, span, newText: local.newText }],
    context: {},
  };
}

/** Said after a statement added to a policy others have too: they are allowed the request's action as well. */
function sharedCaveat(source: PolicySource, others: readonly string[]): string {
  if (source.type !== 'identity') return '';
  if (others.length > 0)
    return ` (the policy is written once for ${others.join(', ')} too: ${others.length === 1 ? 'it' : 'they'} would be allowed it as well)`;
  if (source.attachedTo?.startsWith('group ')) return ` (every member of ${source.attachedTo} would be allowed it too)`;
  return source.arn === undefined ? '' : ' (a managed policy: every principal it is attached to would be allowed it too)';
}

/** The statement that allows exactly the request, as keys and values in the order a policy writes them. */
export function statementEntries(sid: string, request: { readonly action: string; readonly resource: string }): (readonly [string, string])[] {
  return [
    ['Sid', sid],
    ['Effect', 'Allow'],
    ['Action', request.action],
    ['Resource', request.resource],
  ];
}

/** `AllowS3GetObject` for `s3:GetObject`, with a number after it when `taken` has that name already. */
export function freeName(taken: ReadonlySet<string>, action: string): string {
  const words = action.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const base = `Allow${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  return name;
}
