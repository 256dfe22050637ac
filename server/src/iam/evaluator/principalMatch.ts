import type { CompiledPrincipalItem, CompiledPrincipals } from './compiledPolicy';
import type { RequestPrincipal } from './requestPrincipal';

/**
 * How a resource-based policy's Principal reached the request principal, which decides what else must allow within
 * one account (rules 21–27):
 * - `direct`: the policy names this very principal (user ARN for a user, session ARN, federated-user ARN, a service,
 *   or `*`): no identity policy, boundary or session policy is needed.
 * - `limited`: it names the role of a session (rule 22/26) or the IAM user behind a federated user (rule 24): the
 *   permissions boundary and session policies still limit it, the identity policy is not needed.
 * - `delegated`: it names the account (rule 25): the account's IAM policies decide, as if there were no grant.
 *
 * `*` is treated as naming the request principal itself (`direct`). AWS documents `*` for same-account users
 * ("need nothing else", rule 27) but not for sessions with a boundary; this is our guess, pinned by a case.
 */
export type GrantStrength = 'direct' | 'limited' | 'delegated';

const ORDER: Readonly<Record<GrantStrength, number>> = { direct: 3, limited: 2, delegated: 1 };

export function strongerGrant(a: GrantStrength | undefined, b: GrantStrength | undefined): GrantStrength | undefined {
  if (!a) return b;
  if (!b) return a;
  return ORDER[a] >= ORDER[b] ? a : b;
}

export interface PrincipalMatch {
  /** Whether the element lets the statement apply (for NotPrincipal: the principal is not exempted). */
  readonly matched: boolean;
  /** The entry that matched (Principal) or exempted (NotPrincipal). */
  readonly item?: CompiledPrincipalItem;
  readonly strength?: GrantStrength;
  /** NotPrincipal only: the principal was listed but has a permissions boundary, so the Deny still applies (rule 29). */
  readonly boundaryOverride?: boolean;
}

/** The grant one Principal entry gives the request principal, or undefined when it does not name it. */
export function grantOf(item: CompiledPrincipalItem, principal: RequestPrincipal): GrantStrength | undefined {
  switch (item.form) {
    case 'any':
      return 'direct';
    case 'account':
      return principal.accountId === item.accountId && principal.kind !== 'anonymous' ? 'delegated' : undefined;
    case 'user':
      if (principal.kind === 'user' && principal.arn === item.value) return 'direct';
      if (principal.kind === 'user' && principal.entity?.arn === item.value) return 'direct';
      return principal.kind === 'federatedUser' && principal.federatedBy?.arn === item.value ? 'limited' : undefined;
    case 'role':
      return (principal.kind === 'roleSession' || principal.kind === 'role') && principal.roleArn === item.value ? 'limited' : undefined;
    case 'session':
      return principal.kind === 'roleSession' && principal.arn === item.value ? 'direct' : undefined;
    case 'federatedUser':
      return principal.kind === 'federatedUser' && principal.arn === item.value ? 'direct' : undefined;
    case 'service':
      return principal.kind === 'service' && principal.arn.toLowerCase() === item.value.toLowerCase() ? 'direct' : undefined;
    case 'federated':
    case 'canonicalUser':
      return principal.arn === item.value ? 'direct' : undefined;
    case 'other':
      return undefined;
  }
}

/** Does `item` name exactly this one identity of the principal's chain? (NotPrincipal exemption, rule 29.) */
function namesIdentity(item: CompiledPrincipalItem, identity: string): boolean {
  if (item.form === 'any') return true;
  if (item.form === 'account') return identity.endsWith(`:iam::${item.accountId ?? ''}:root`);
  if (item.form === 'service') return item.value.toLowerCase() === identity.toLowerCase();
  return item.value === identity;
}

export function matchPrincipals(element: CompiledPrincipals, principal: RequestPrincipal, hasBoundary: boolean): PrincipalMatch {
  if (!element.negated) {
    let best: GrantStrength | undefined;
    let bestItem: CompiledPrincipalItem | undefined;
    for (const item of element.items) {
      const grant = grantOf(item, principal);
      if (grant && strongerGrant(best, grant) === grant && grant !== best) {
        best = grant;
        bestItem = item;
      }
    }
    return best && bestItem ? { matched: true, item: bestItem, strength: best } : { matched: false };
  }
  // NotPrincipal: exempt only when every identity of the chain is listed (session, role and account for a session).
  let exemptingItem: CompiledPrincipalItem | undefined;
  for (const identity of principal.chain) {
    const item = element.items.find((i) => namesIdentity(i, identity));
    if (!item) return { matched: true, strength: 'direct' };
    exemptingItem ??= item;
  }
  if (hasBoundary) return { matched: true, strength: 'direct', boundaryOverride: true, ...(exemptingItem ? { item: exemptingItem } : {}) };
  return { matched: false, ...(exemptingItem ? { item: exemptingItem } : {}) };
}
