import type { ActivityRequest } from './activityTypes';
import { resourcePatterns } from './resourcePatterns';

/**
 * Condition keys kept in a generated statement when every recorded call it covers had the same value: they narrow
 * the policy to how the principal actually works (with MFA, through one endpoint) at no cost to what it did.
 */
const CONSTANT_KEYS: readonly { readonly key: string; readonly operator: string }[] = [
  { key: 'aws:MultiFactorAuthPresent', operator: 'Bool' },
  { key: 'aws:SourceVpce', operator: 'StringEquals' },
];

export interface GeneratedStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

export interface GeneratedPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: GeneratedStatement[];
}

/**
 * The least-privilege identity policy for what a principal did successfully: one Allow per service and resource set,
 * actions sorted, resources as used (a wildcard only where many share a parent path), and the conditions every
 * covered call met. Deterministic: the same activity gives the same document.
 */
export function generatePolicy(requests: readonly ActivityRequest[]): GeneratedPolicy {
  const byAction = new Map<string, ActivityRequest[]>();
  const add = (request: ActivityRequest): void => {
    const list = byAction.get(request.action) ?? [];
    list.push(request);
    byAction.set(request.action, list);
  };
  for (const request of requests) {
    if (request.outcome !== 'allowed') continue;
    add(request);
    // The other permissions the call needed are granted as if called on their own, with the call's context (and what AWS adds).
    for (const needed of request.alsoRequires ?? [])
      add({ ...request, action: needed.action, resource: needed.resource, context: { ...request.context, ...needed.context } });
  }
  // Actions with the same resources and conditions share a statement.
  const groups = new Map<string, { service: string; actions: string[]; resources: string[]; condition?: Record<string, Record<string, string>> }>();
  for (const [action, list] of [...byAction].sort(([a], [b]) => a.localeCompare(b))) {
    const resources = resourcePatterns(list.map((r) => r.resource));
    const condition = constantCondition(list);
    const service = action.slice(0, action.indexOf(':'));
    const key = `${service}\n${resources.join('\n')}\n${JSON.stringify(condition ?? {})}`;
    const group = groups.get(key);
    if (group) group.actions.push(action);
    else groups.set(key, { service, actions: [action], resources, ...(condition ? { condition } : {}) });
  }
  const perService = new Map<string, number>();
  const statements = [...groups.values()]
    .sort((a, b) => a.service.localeCompare(b.service) || (a.actions[0] ?? '').localeCompare(b.actions[0] ?? ''))
    .map((group): GeneratedStatement => {
      const n = (perService.get(group.service) ?? 0) + 1;
      perService.set(group.service, n);
      return {
        // `S3Access1`, not `S31`: a service whose name ends in a digit keeps its number apart from the statement's.
        Sid: `${sidWord(group.service)}Access${n}`,
        Effect: 'Allow',
        Action: group.actions,
        Resource: group.resources,
        ...(group.condition ? { Condition: group.condition } : {}),
      };
    });
  return { Version: '2012-10-17', Statement: statements };
}

function constantCondition(list: readonly ActivityRequest[]): Record<string, Record<string, string>> | undefined {
  let condition: Record<string, Record<string, string>> | undefined;
  for (const { key, operator } of CONSTANT_KEYS) {
    const first = list[0]?.context[key];
    if (typeof first !== 'string') continue;
    if (!list.every((r) => r.context[key] === first)) continue;
    // `false` is no restriction worth writing: a condition that MFA is absent would only break the policy later.
    if (key === 'aws:MultiFactorAuthPresent' && first !== 'true') continue;
    condition ??= {};
    condition[operator] = { ...(condition[operator] ?? {}), [key]: first };
  }
  return condition;
}

/** `s3` → `S3`, `elasticloadbalancing` → `Elasticloadbalancing`, `sso-directory` → `SsoDirectory`: a Sid is alphanumeric. */
function sidWord(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}
