import type { Catalog } from '../catalog/types';
import type { ModelPrincipal } from '../evaluator';
import { resourceCanApply } from '../validator';

/** What one service's grants leave unused. */
export interface UnusedService {
  readonly service: string;
  /** Actions the current identity policies allow (by their Action patterns, expanded with the catalog). */
  readonly granted: number;
  readonly used: number;
  /** The granted actions the activity never used; all of them when the service was not used at all. */
  readonly unusedActions: readonly string[];
  /** The statements that grant the unused actions, as `policy name, statement Sid or number`. */
  readonly grantedBy: readonly string[];
}

export interface UnusedAccess {
  readonly services: readonly UnusedService[];
  /** Allow statements that could not be expanded (NotAction): said, not guessed. */
  readonly notExpanded: readonly string[];
}

/**
 * What the principal's current identity policies grant that the activity never used, per service and action (IAM's
 * "last accessed" idea, over the logs given). Counted from Allow statements' `Action` patterns with the catalog; a
 * Deny elsewhere may take some away, so this lists candidates to remove, each service with the statements to edit. An
 * action counts as granted by a statement only where its Resource can name something the action acts on.
 */
export function unusedAccess(catalog: Catalog, principal: ModelPrincipal, usedActions: ReadonlySet<string>): UnusedAccess {
  const granted = new Map<string, Set<string>>();
  /** Each action's granting statements: a service's unused actions are listed with theirs only. */
  const grantedBy = new Map<string, Set<string>>();
  const notExpanded: string[] = [];
  const usedLower = new Set([...usedActions].map((a) => a.toLowerCase()));
  for (const ref of principal.identityPolicies) {
    for (const statement of ref.parsed.document?.statements ?? []) {
      if (statement.effect?.value !== 'Allow') continue;
      const label = `${ref.source.name}, statement ${typeof statement.sid?.value === 'string' ? statement.sid.value : statement.index + 1}`;
      if (statement.notAction) {
        notExpanded.push(`${label} allows every action except those it lists (NotAction)`);
        continue;
      }
      for (const pattern of statement.action?.items ?? []) {
        for (const action of catalog.actionsMatching(pattern.value)) {
          // A statement whose Resource names nothing the action acts on never grants it (an ec2 action on a bucket).
          if (!resourceCanApply(statement, action, catalog)) continue;
          const name = `${action.service}:${action.name}`;
          let set = granted.get(action.service);
          if (!set) granted.set(action.service, (set = new Set()));
          set.add(name);
          let by = grantedBy.get(name);
          if (!by) grantedBy.set(name, (by = new Set()));
          by.add(label);
        }
      }
    }
  }
  const services: UnusedService[] = [];
  for (const [service, actions] of [...granted].sort(([a], [b]) => a.localeCompare(b))) {
    const unused = [...actions].filter((a) => !usedLower.has(a.toLowerCase())).sort();
    if (unused.length === 0) continue;
    services.push({
      service,
      granted: actions.size,
      used: actions.size - unused.length,
      unusedActions: unused,
      grantedBy: [...new Set(unused.flatMap((action) => [...(grantedBy.get(action) ?? [])]))],
    });
  }
  return { services, notExpanded };
}
