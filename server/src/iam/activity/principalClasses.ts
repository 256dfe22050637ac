import type { ModelPrincipal, PolicyRef } from '../evaluator';
import type { LoadedModel } from '../model';
import type { StatementNode } from '../parser';
import { couldApply } from './policyProbes';

/**
 * Principals whose decisions cannot differ on the requests a diff asks about, grouped so one of each group is
 * evaluated. Two users or roles fall together when everything the evaluator reads of them is the same except their
 * name (account, kind, path, tags, groups, boundary, and the texts of those identity policies that could apply to a
 * request asked about), and nothing that could apply to the requests reads the name: no statement of theirs that could
 * apply uses a policy variable or a principal-name key where it can change an answer (readsName), and no resource,
 * trust or organization policy of the model names them or tests such a key (then nobody is grouped). Everything else
 * stands alone.
 */
const NAME_SENSITIVE = /\$\{|aws:(PrincipalArn|username|userid|SourceIdentity|PrincipalServiceName|FederatedProvider)/i;

export interface PrincipalClass {
  /** The principal evaluated for the class. */
  readonly representative: string;
  /** Every principal of the class, the representative first. */
  readonly members: readonly string[];
}

/** `models`: the model before and after the change; principals group only when they group in both. */
export function principalClasses(
  models: readonly LoadedModel[],
  principals: readonly string[],
  probes: readonly { action: string; resource: string }[],
  contextKeys: ReadonlySet<string>,
): PrincipalClass[] {
  const others = models.map(otherPolicyTexts).join('\n');
  const groupingOff = NAME_SENSITIVE.test(others);
  const textIds = new Map<string, number>();
  const idOf = (ref: PolicyRef | undefined): string => {
    if (!ref) return '-';
    let id = textIds.get(ref.parsed.text);
    if (id === undefined) textIds.set(ref.parsed.text, (id = textIds.size));
    return `${id}:${ref.source.type}:${ref.source.name}`;
  };
  const classes = new Map<string, string[]>();
  const alone: PrincipalClass[] = [];
  const relevant = relevanceCheck(probes);
  // Identity policies none of whose statements could apply to a probe add nothing to any of its decisions.
  const keyOf = (p: ModelPrincipal): string =>
    [
      p.kind,
      p.accountId,
      p.path,
      p.serviceLinked,
      JSON.stringify(Object.entries(p.tags).sort()),
      [...p.groups].sort().join(','),
      p.identityPolicies.filter(relevant).map(idOf).join(','),
      idOf(p.permissionsBoundary),
      idOf(p.trustPolicy),
    ].join('\n');
  for (const arn of principals) {
    const versions = models.map((m) => m.principal(arn));
    const solo =
      groupingOff ||
      versions.some((p) => !p || p.kind === 'root' || others.includes(p.arn) || others.includes(p.uniqueId) || readsName(p, probes, contextKeys));
    if (solo) {
      alone.push({ representative: arn, members: [arn] });
      continue;
    }
    const key = (versions as ModelPrincipal[]).map(keyOf).join('\n\n');
    const list = classes.get(key);
    if (list) list.push(arn);
    else classes.set(key, [arn]);
  }
  return [...alone, ...[...classes.values()].map((members) => ({ representative: members[0] as string, members }))];
}

/** Could a statement of the policy apply to one of the probes? Asked once per policy object. */
function relevanceCheck(probes: readonly { action: string; resource: string }[]): (ref: PolicyRef) => boolean {
  const known = new WeakMap<PolicyRef, boolean>();
  return (ref) => {
    let answer = known.get(ref);
    if (answer === undefined) {
      const statements = (ref.parsed.document?.statements ?? []) as StatementNode[];
      answer = probes.some((probe) => couldApply(statements, probe.action, probe.resource));
      known.set(ref, answer);
    }
    return answer;
  };
}

/**
 * Does a statement of the principal's own policies that could apply to a probe read its name? Only where the name
 * can change an answer: in Resource or NotResource, in a condition on a name key, or in the values of a condition
 * key a probe request can carry (the global `aws:` keys, which the model implies, and the probes' own context keys).
 * A key absent from every probe decides the same whatever its values (absent-key rules do not read them).
 */
function readsName(p: ModelPrincipal, probes: readonly { action: string; resource: string }[], contextKeys: ReadonlySet<string>): boolean {
  for (const ref of [...p.identityPolicies, p.permissionsBoundary]) {
    if (!ref || !NAME_SENSITIVE.test(ref.parsed.text)) continue;
    for (const statement of (ref.parsed.document?.statements ?? []) as StatementNode[]) {
      if (!statementReadsName(statement, contextKeys)) continue;
      if (probes.some((probe) => couldApply([statement], probe.action, probe.resource))) return true;
    }
  }
  return false;
}

function statementReadsName(statement: StatementNode, contextKeys: ReadonlySet<string>): boolean {
  for (const item of [...(statement.resource?.items ?? []), ...(statement.notResource?.items ?? [])]) if (NAME_SENSITIVE.test(item.value)) return true;
  for (const operator of statement.condition?.operators ?? []) {
    for (const key of operator.keys) {
      if (NAME_SENSITIVE.test(key.key)) return true;
      const present = key.key.toLowerCase().startsWith('aws:') || contextKeys.has(key.key.toLowerCase());
      if (present && key.values.some((v) => NAME_SENSITIVE.test(String(v.value)))) return true;
    }
  }
  return false;
}

/** The texts of every resource, trust, SCP and RCP policy of the model, once each. */
function otherPolicyTexts(model: LoadedModel): string {
  const texts = new Set<string>();
  for (const r of model.resources()) if (r.policy) texts.add(r.policy.parsed.text);
  for (const p of model.principals()) if (p.trustPolicy) texts.add(p.trustPolicy.parsed.text);
  for (const account of model.accounts()) for (const level of account.orgPath) for (const ref of [...level.scps, ...level.rcps]) texts.add(ref.parsed.text);
  return [...texts].join('\n');
}

/**
 * The member's own copy of a policy the representative's evaluation named: the same position among the policies
 * with the same name, type and text (what the class key compares), so the statement is named as the member has it.
 */
export function memberSource<T extends { readonly source: PolicyRef['source'] }>(model: LoadedModel, representative: string, member: string, statement: T): T {
  if (representative === member) return statement;
  const rep = model.principal(representative);
  const other = model.principal(member);
  if (!rep || !other) return statement;
  const mine = rep.identityPolicies.find((ref) => ref.source === statement.source);
  if (mine) {
    const same = (ref: PolicyRef) => ref.source.name === mine.source.name && ref.source.type === mine.source.type && ref.parsed.text === mine.parsed.text;
    const position = rep.identityPolicies.filter(same).indexOf(mine);
    const source = other.identityPolicies.filter(same)[position]?.source;
    return source ? { ...statement, source } : statement;
  }
  if (rep.permissionsBoundary?.source === statement.source && other.permissionsBoundary) return { ...statement, source: other.permissionsBoundary.source };
  return statement;
}
