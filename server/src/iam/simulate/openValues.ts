/**
 * Whether a request can meet a value its model's template or Terraform configuration leaves open (unresolvedMarker.ts).
 * Answers given without an explanation (who-can's principals, a passing test) say when they met such a value; this
 * keeps the search for it away from every other answer. It reads only the policies the request can meet (the
 * principal's, the resource's, its accounts' organization policies), each once per model, by its text and without
 * parsing it, and only on a model whose loader read the marker somewhere (`mayHoldOpenValues`): finding each policy's
 * text in a large model costs an organization's test run a third of a second.
 */
import type { EvaluationRequest, ModelPrincipal, PolicyRef } from '../evaluator';
import { principalArn, type LoadedModel } from '../model';
import { holdsUnresolved } from '../unresolvedMarker';

/**
 * Per principal, resource and account: whether a policy of its holds the marker. Tests and who-can ask about the
 * same few owners again and again, so each is read once and the question costs a handful of lookups.
 */
const known = new WeakMap<object, boolean>();

function holds(owner: object, refs: () => readonly (PolicyRef | undefined)[]): boolean {
  let found = known.get(owner);
  if (found === undefined) {
    found = refs().some((ref) => ref !== undefined && holdsUnresolved(textOf(ref)));
    known.set(owner, found);
  }
  return found;
}

export function mayMeetOpenValue(model: LoadedModel, request: EvaluationRequest): boolean {
  if (model.mayHoldOpenValues === false) return false;
  const principal = principalOf(model, request.principal);
  if (principal !== undefined && holds(principal, () => [...principal.identityPolicies, principal.permissionsBoundary])) return true;
  const resource = model.resource(request.resource);
  if (resource?.policy !== undefined && holds(resource, () => [resource.policy])) return true;
  // A role asked about as a resource (sts:AssumeRole): its trust policy is the resource's policy.
  const role = request.resource.includes(':role/') ? model.principal(request.resource) : undefined;
  if (role?.trustPolicy !== undefined && holds(role.trustPolicy, () => [role.trustPolicy])) return true;
  const principalAccount = principal?.accountId ?? accountOf(request.principal);
  const resourceAccount = resource?.accountId ?? accountOf(request.resource);
  return [principalAccount, resourceAccount === principalAccount ? undefined : resourceAccount].some((id) => {
    const account = id !== undefined ? model.account(id) : undefined;
    return account !== undefined && holds(account, () => account.orgPath.flatMap((level) => [...level.scps, ...level.rcps]));
  });
}

/** The model's principal behind an ARN, a role session's role included. */
function principalOf(model: LoadedModel, arn: string): ModelPrincipal | undefined {
  const direct = model.principal(arn);
  if (direct !== undefined) return direct;
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn);
  const named = session?.[1] !== undefined ? principalArn(model, session[1]) : undefined;
  return named !== undefined && 'arn' in named ? model.principal(named.arn) : undefined;
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** The loader's refs hand their text over without parsing it; a hand-built ref has only its parse. */
function textOf(ref: PolicyRef): string {
  return (ref as { readonly text?: string }).text ?? ref.parsed.text;
}
