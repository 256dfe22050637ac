import type { EvaluationModel } from '../evaluator';
import type { ActivityRequest } from './activityTypes';

/** A role the logs name as CloudFormation named it, taken as the model's role of that logical id. */
export interface RoleRename {
  readonly recorded: string;
  readonly model: string;
}

/**
 * CloudFormation names a role the template leaves unnamed `STACK-LOGICALID-SUFFIX` (the stack's name, the logical id,
 * a random suffix of upper-case letters and digits), and a model built from the template knows it by its logical id
 * (`OrdersApiFunctionRole`, SAM's `<Function>Role`). A record by such a role names a role the model does not have, and
 * every call it made would replay as denied. A recorded role missing from the model is taken as the model's role of
 * its account whose name is the one logical id its name holds that way; the renames are returned, for the report to
 * say. Where no role or more than one fits, the record is left as it is. Its callers apply it to models built from
 * templates only (a hand-written model names its roles as they are). The accounts of recorded roles the model does
 * not describe are returned too: a template is deployed in the default account unless a model file names another.
 */
export function withModelRoleNames(
  model: EvaluationModel,
  requests: readonly ActivityRequest[],
): { requests: ActivityRequest[]; renamed: RoleRename[]; otherAccounts: string[] } {
  // Each recorded identity is looked at once: a day of logs names a few roles hundreds of thousands of times.
  const decided = new Map<string, string | undefined>();
  const renamed: RoleRename[] = [];
  const otherAccounts = new Set<string>();
  let rolesOf: Map<string, ModelRole[]> | undefined;
  const out = requests.map((request) => {
    let target = decided.get(request.identity);
    if (target === undefined && !decided.has(request.identity)) {
      const role = ROLE_ARN.exec(request.identity);
      if (role !== null && model.account(role[2] as string) === undefined) otherAccounts.add(role[2] as string);
      if (role !== null && model.principal(request.identity) === undefined) {
        const fits = ((rolesOf ??= rolesByAccount(model)).get(role[2] as string) ?? []).filter((r) => generatedFrom(role[4] as string, r.name));
        target = fits.length === 1 ? fits[0]?.arn : undefined;
      }
      decided.set(request.identity, target);
      if (target !== undefined) renamed.push({ recorded: request.identity, model: target });
    }
    return target === undefined ? request : renamedRequest(request, target);
  });
  return { requests: out, renamed, otherAccounts: [...otherAccounts].sort() };
}

interface ModelRole {
  readonly name: string;
  readonly arn: string;
}

/** The request made by the model's role instead: its sessions keep their names. */
function renamedRequest(request: ActivityRequest, target: string): ActivityRequest {
  const [, partition, account, , recordedName] = ROLE_ARN.exec(request.identity) as RegExpExecArray;
  const session = `arn:${partition}:sts::${account}:assumed-role/${recordedName}/`;
  const modelName = target.slice(target.lastIndexOf('/') + 1);
  const principal = request.principal.startsWith(session)
    ? `arn:${partition}:sts::${account}:assumed-role/${modelName}/${request.principal.slice(session.length)}`
    : request.principal === request.identity
      ? target
      : request.principal;
  return { ...request, identity: target, principal };
}

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(.*\/)?([^/]+)$/;

/** Whether `recorded` is how CloudFormation names a role of logical id `logicalId` in some stack. */
function generatedFrom(recorded: string, logicalId: string): boolean {
  const infix = `-${logicalId}-`;
  const at = recorded.lastIndexOf(infix);
  return at > 0 && /^[A-Z0-9]{8,16}$/.test(recorded.slice(at + infix.length));
}

function rolesByAccount(model: EvaluationModel): Map<string, ModelRole[]> {
  const byAccount = new Map<string, ModelRole[]>();
  for (const principal of model.principals()) {
    if (principal.kind !== 'role') continue;
    let roles = byAccount.get(principal.accountId);
    if (roles === undefined) byAccount.set(principal.accountId, (roles = []));
    roles.push({ name: principal.name, arn: principal.arn });
  }
  return byAccount;
}
