/**
 * Who can make a request, in one wording for every face (test files, the panel's principal picker, who-can, the CLI):
 * the model's users, roles and account roots, the service principals its trust and resource policies name, and role
 * sessions. `requesterLabel` is the one place a principal is named for people.
 */
import { resolveRequestPrincipal } from '../evaluator/requestPrincipal';
import type { EvaluationModel, PrincipalKind } from '../evaluator/model';
import type { LoadedModel } from './modelTypes';

export type RequesterKind = PrincipalKind | 'service' | 'roleSession' | 'federatedUser';

export interface Requester {
  readonly arn: string;
  readonly kind: RequesterKind;
  /** `alice`, `app-server`, `root`, `ec2.amazonaws.com`, `app-server/i-0abc`. */
  readonly name: string;
  /** Empty for service principals, which belong to no account. */
  readonly accountId: string;
}

/** `alice (user, 111111111111)`, `root (account root, 111111111111)`, `ec2.amazonaws.com (service principal)`. */
export function requesterLabel(requester: Pick<Requester, 'kind' | 'name' | 'accountId'>): string {
  switch (requester.kind) {
    case 'user':
    case 'role':
      return `${requester.name} (${requester.kind}, ${requester.accountId})`;
    case 'root':
      return `${requester.name} (account root, ${requester.accountId})`;
    case 'roleSession':
      return `${requester.name} (role session, ${requester.accountId})`;
    case 'federatedUser':
      return `${requester.name} (federated user, ${requester.accountId})`;
    case 'service':
      return `${requester.name} (service principal)`;
  }
}

/** What a request's principal is, as far as the model and the ARN's shape say; undefined for what no request is. */
export function requesterOf(model: EvaluationModel, principal: string): Requester | undefined {
  const resolved = resolveRequestPrincipal(model, principal);
  switch (resolved.kind) {
    case 'user':
    case 'role':
    case 'root':
      return resolved.entity ? { arn: principal, kind: resolved.kind, name: resolved.entity.name, accountId: resolved.entity.accountId } : undefined;
    case 'roleSession':
      return resolved.entity && resolved.accountId !== undefined
        ? {
            arn: principal,
            kind: 'roleSession',
            name: `${resolved.roleName ?? resolved.entity.name}/${resolved.sessionName ?? ''}`,
            accountId: resolved.accountId,
          }
        : undefined;
    case 'service':
      return { arn: principal, kind: 'service', name: principal, accountId: '' };
    default:
      return undefined;
  }
}

/** Service principals (`ec2.amazonaws.com`) that the model's trust and resource policies name, sorted. */
export function servicePrincipals(model: LoadedModel): string[] {
  const found = new Set<string>();
  // Outlines when the model has them: reading trust policies need not build every principal.
  const trusts = model.outlines ? model.outlines().map((o) => o.trust) : model.principals().map((p) => p.trustPolicy);
  const refs = [...trusts, ...model.resources().map((r) => r.policy)];
  for (const ref of refs) {
    for (const statement of ref?.parsed.document?.statements ?? []) {
      for (const entry of statement.principal?.entries ?? []) {
        if (entry.type !== 'Service') continue;
        for (const value of entry.values) if (value.value !== '' && !value.value.includes('*')) found.add(value.value);
      }
    }
  }
  return [...found].sort();
}

/** Everyone who-can asks about and the panel offers: the model's principals, then the service principals it names. */
export function requesters(model: LoadedModel): Requester[] {
  const own: Requester[] = (model.outlines?.() ?? model.principals()).map((p) => ({ arn: p.arn, kind: p.kind, name: p.name, accountId: p.accountId }));
  return [...own, ...servicePrincipals(model).map((arn): Requester => ({ arn, kind: 'service', name: arn, accountId: '' }))];
}

/**
 * An IAM user of an account the model does not describe, standing for any of its users and roles: the model cannot
 * list them, and their own account's policies are taken to allow what they ask (its root user could not even assume a
 * role, so it is not the one asked about).
 */
export function outsider(accountId: string, partition = 'aws'): Requester {
  return { arn: `arn:${partition}:iam::${accountId}:user/outsider`, kind: 'user', name: 'outsider', accountId };
}

/** The first account id (000000000001 on) that none of the models describes and none of `named` is. */
export function unusedAccount(models: readonly LoadedModel[], named: ReadonlySet<string> = new Set()): string {
  for (let n = 1; ; n++) {
    const id = String(n).padStart(12, '0');
    if (!named.has(id) && models.every((model) => model.account(id) === undefined)) return id;
  }
}
