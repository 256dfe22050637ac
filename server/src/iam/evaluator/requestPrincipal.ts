import { isAccountId, arnComponents } from '../arn';
import type { EvaluationModel, ModelPrincipal } from './model';

/**
 * Who makes the request, as far as the decision flow cares: the kind of principal (rules 21–27), the model entity
 * that holds its policies (for a role session, the role), and the chain of identities AWS considers it to be
 * (session → role → account), which `NotPrincipal` must list in full to exempt it (rule 29).
 */
export type RequestPrincipalKind =
  'user' | 'role' | 'roleSession' | 'federatedUser' | 'root' | 'anonymous' | 'service' | 'federatedProvider' | 'canonicalUser' | 'unknown';

export interface RequestPrincipal {
  readonly kind: RequestPrincipalKind;
  /** The principal exactly as the request names it. */
  readonly arn: string;
  readonly accountId?: string;
  /** The user, the role (for roles and role sessions) or the account root, when the model has it. */
  readonly entity?: ModelPrincipal;
  /** For roles and role sessions: the role's ARN (with its path when the model knows it). */
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly sessionName?: string;
  /** For federated users: the IAM user who called GetFederationToken, when the request says so. */
  readonly federatedBy?: ModelPrincipal;
  /** Every identity the principal is, most specific first: `[session ARN, role ARN, account root ARN]`. */
  readonly chain: readonly string[];
  /** Why the principal could not be resolved, when it could not. */
  readonly problem?: string;
}

const roleIndexes = new WeakMap<EvaluationModel, Map<string, ModelPrincipal>>();

/** Roles by `account/name`, built once per model: session ARNs name the role without its path. */
function roleByName(model: EvaluationModel, accountId: string, name: string, partition: string): ModelPrincipal | undefined {
  // The loader's model finds a role by its name whatever its path, without listing every principal (which reads every
  // account of a model read account by account); a model that does not is indexed.
  const named = model.principal(`arn:${partition}:iam::${accountId}:role/${name}`);
  if (named?.kind === 'role' && named.accountId === accountId && named.name === name) return named;
  // An account the model does not describe has no roles of it.
  if (model.account(accountId) === undefined) return undefined;
  let index = roleIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const p of model.principals()) if (p.kind === 'role') index.set(`${p.accountId}/${p.name}`, p);
    roleIndexes.set(model, index);
  }
  return index.get(`${accountId}/${name}`);
}

export function rootArn(accountId: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

const resolved = new WeakMap<EvaluationModel, Map<string, RequestPrincipal>>();
/**
 * Per model, the latest resolutions of principals met for the first time, dropped in a batch when full: a few, enough
 * for a test's checks and its evaluation, which ask in turn. More only kept a principal met once (and its context
 * entries) alive until the garbage collector had copied it to the old generation.
 */
const recent = new WeakMap<EvaluationModel, Map<string, RequestPrincipal>>();
const RECENT = 4;
/** Model principals resolved before: met again after their resolution was dropped, they are kept. */
const metBefore = new WeakSet<ModelPrincipal>();

/**
 * Resolves the request's principal against the model (the result is immutable and also keys the implied-context
 * cache). A principal the model holds is kept a short while when first met (a test's checks and its evaluation ask
 * in turn) and for good once it comes back later: a test run over an organization asks about each of 10,000
 * principals once, and keeping them all was a fifth of its live memory. Never throws; unknown shapes become `unknown`.
 */
export function resolveRequestPrincipal(model: EvaluationModel, principal: string, federatedBy?: string): RequestPrincipal {
  const key = federatedBy === undefined ? principal : `${principal}\n${federatedBy}`;
  let kept = resolved.get(model);
  if (!kept) resolved.set(model, (kept = new Map()));
  const known = kept.get(key);
  if (known) return known;
  let latest = recent.get(model);
  if (!latest) recent.set(model, (latest = new Map()));
  const met = latest.get(key);
  if (met) return met;
  const found = resolveUncached(model, principal, federatedBy);
  const entity = found.entity;
  if (entity !== undefined && !metBefore.has(entity)) {
    metBefore.add(entity);
    if (latest.size >= RECENT) latest.clear();
    latest.set(key, found);
  } else {
    if (kept.size > 10_000) kept.clear();
    kept.set(key, found);
  }
  return found;
}

function resolveUncached(model: EvaluationModel, principal: string, federatedBy?: string): RequestPrincipal {
  if (principal === '*' || principal.toLowerCase() === 'anonymous') return { kind: 'anonymous', arn: principal, chain: ['*'] };
  if (isAccountId(principal)) return root(model, principal, 'aws', principal);
  const parts = arnComponents(principal);
  if (parts.length !== 6 || parts[0] !== 'arn') {
    if (/^[0-9a-f]{64}$/i.test(principal)) return { kind: 'canonicalUser', arn: principal, chain: [principal] };
    if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(principal)) return { kind: 'service', arn: principal, chain: [principal] };
    return { kind: 'unknown', arn: principal, chain: [principal], problem: `"${principal}" is not a principal ARN` };
  }
  const partition = parts[1] ?? 'aws';
  const service = parts[2];
  const accountId = parts[4] ?? '';
  const resource = parts[5] ?? '';
  const account = rootArn(accountId, partition);
  // An IAM or STS principal is of an account, twelve digits: a digit short is a typo no request of AWS's carries (and
  // no policy could name), not an account outside the model.
  if ((service === 'iam' || service === 'sts') && !isAccountId(accountId)) {
    return {
      kind: 'unknown',
      arn: principal,
      chain: [principal],
      problem: `${principal} names account '${accountId}', which is no account id (twelve digits)`,
    };
  }
  if (service === 'iam' && resource === 'root') return root(model, accountId, partition, principal);
  if (service === 'iam' && resource.startsWith('user/')) {
    const entity = model.principal(principal);
    return withEntity({ kind: 'user', arn: principal, accountId, chain: [principal, account] }, entity, 'user', model);
  }
  if (service === 'iam' && resource.startsWith('role/')) {
    const entity = model.principal(principal);
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    return withEntity({ kind: 'role', arn: principal, accountId, roleArn: principal, roleName, chain: [principal, account] }, entity, 'role', model);
  }
  if (service === 'iam' && (resource.startsWith('saml-provider/') || resource.startsWith('oidc-provider/'))) {
    return { kind: 'federatedProvider', arn: principal, accountId, chain: [principal] };
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, roleName = '', ...rest] = resource.split('/');
    const sessionName = rest.join('/');
    const entity = roleByName(model, accountId, roleName, partition);
    const roleArn = entity?.arn ?? `arn:${partition}:iam::${accountId}:role/${roleName}`;
    return withEntity(
      { kind: 'roleSession', arn: principal, accountId, roleArn, roleName, sessionName, chain: [principal, roleArn, account] },
      entity,
      'role',
      model,
    );
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) {
    const by = federatedBy !== undefined ? model.principal(federatedBy) : undefined;
    return {
      kind: 'federatedUser',
      arn: principal,
      accountId,
      chain: [principal, account],
      ...(by ? { federatedBy: by } : {}),
      ...(federatedBy !== undefined && !by ? { problem: `the federating user ${federatedBy} is not in the model` } : {}),
    };
  }
  return {
    kind: 'unknown',
    arn: principal,
    accountId,
    chain: [principal, account],
    problem: `${principal} is not a user, role, session, federated user or account`,
  };
}

function root(model: EvaluationModel, accountId: string, partition: string, given: string): RequestPrincipal {
  const arn = rootArn(accountId, partition);
  const entity = model.principal(arn);
  return { kind: 'root', arn: given, accountId, chain: [arn], ...(entity ? { entity } : {}) };
}

function withEntity(base: RequestPrincipal, entity: ModelPrincipal | undefined, expected: 'user' | 'role', model: EvaluationModel): RequestPrincipal {
  if (entity && entity.kind === expected) return { ...base, entity };
  // A principal of an account the model holds must be in the model; one of an outside account may well not be.
  const known = base.accountId !== undefined && model.account(base.accountId) !== undefined;
  return known ? { ...base, problem: `${base.arn} is not in the model` } : base;
}
