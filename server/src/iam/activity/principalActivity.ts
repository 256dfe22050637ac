import type { ModelPrincipal } from '../evaluator';
import type { ActivityRequest } from './activityTypes';

/**
 * The requests a model principal made: as itself, or (for a role) through any of its sessions; a user also through
 * the federated users it created. Sessions name their role without its path unless the record has the session
 * issuer, so roles are matched by account and name.
 */
export function activityOf(principal: ModelPrincipal, requests: readonly ActivityRequest[]): ActivityRequest[] {
  return requests.filter((r) => r.identity === principal.arn || sameIdentity(r.identity, principal));
}

function sameIdentity(identity: string, principal: ModelPrincipal): boolean {
  const match = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(identity);
  return match !== null && match[1] === principal.accountId && match[2] === principal.kind && match[3] === principal.name;
}

/** The actions the requests used, the other permissions they needed included (for unused access). */
export function actionsUsed(requests: readonly ActivityRequest[]): Set<string> {
  const used = new Set<string>();
  for (const r of requests) {
    used.add(r.action);
    for (const p of r.alsoRequires ?? []) used.add(p.action);
  }
  return used;
}
