/**
 * Principals that a role's trust policy or a resource's policy names in an account the model describes, but that the
 * model does not have. IAM refuses a policy naming a user or role that does not exist ("Invalid principal in policy"),
 * and one deleted later leaves its policies naming an id no caller has: in a model, such a name is a typo
 * (`role/DevOp` for `role/DevOps`), or a principal the model has not caught up with. Either way `who-can` lists no one
 * for it and `simulate` denies the principal meant, so `check` says so where the name is, with the closest principals.
 */
import { arnComponents, isAccountId } from '../arn';
import { fileSpan } from '../explain';
import { closestPrincipals, type LoadedModel, type ModelDiagnostic, type PolicyDocument } from '../model';

/** The diagnostics, each at the name in its policy's file; a policy with no file (built in memory) is passed over. */
export function principalsTheModelLacks(model: LoadedModel): ModelDiagnostic[] {
  const diagnostics: ModelDiagnostic[] = [];
  const seen = new Set<string>();
  const check = (policy: PolicyDocument | undefined, holder: string): void => {
    const place = policy === undefined ? undefined : placeOf(policy);
    if (policy === undefined || place === undefined || seen.has(`${place.file}:${place.offset}`)) return;
    seen.add(`${place.file}:${place.offset}`);
    for (const statement of policy.parsed.document?.statements ?? []) {
      for (const entry of [...(statement.principal?.entries ?? []), ...(statement.notPrincipal?.entries ?? [])]) {
        if (entry.type !== 'AWS') continue;
        for (const value of entry.values) {
          const lacked = lackedPrincipal(model, value.value);
          if (lacked === undefined) continue;
          diagnostics.push({
            file: place.file,
            span: { offset: place.offset + value.span.offset, length: value.span.length },
            severity: 'warning',
            code: 'unknownPolicyPrincipal',
            message: `${holder} names ${value.value}, a ${lacked.kind} account ${lacked.account} does not have in the model: IAM refuses a policy naming a principal that does not exist, and no one is let in by it.${closestPrincipals(model, value.value)}`,
          });
        }
      }
    }
  };
  const outlines = model.outlines?.();
  if (outlines !== undefined) for (const outline of outlines) check(outline.trust, `The trust policy of role ${outline.name}`);
  else for (const principal of model.principals()) check(principal.trustPolicy, `The trust policy of role ${principal.name}`);
  for (const resource of model.resources()) check(resource.policy, `The policy of ${resource.arn}`);
  return diagnostics;
}

/** The user or role an ARN names in an account the model describes, when the model lacks it. */
function lackedPrincipal(model: LoadedModel, value: string): { kind: 'user' | 'role'; account: string } | undefined {
  const [prefix, , service, region, account = '', resource = ''] = arnComponents(value);
  if (prefix !== 'arn' || service !== 'iam' || region !== '' || !isAccountId(account) || /[*?]|\$\{/.test(resource)) return undefined;
  const kind = /^(user|role)\//.exec(resource)?.[1];
  if ((kind !== 'user' && kind !== 'role') || model.account(account) === undefined) return undefined;
  return model.principal(value) === undefined ? { kind, account } : undefined;
}

/** Where the policy's text starts in its file, when it is written there as text (not decoded from a string). */
function placeOf(policy: PolicyDocument): { file: string; offset: number } | undefined {
  if ('source' in policy) {
    const start = policy.source.file !== undefined && !policy.source.decoded ? fileSpan(policy.source, { offset: 0, length: 0 }) : undefined;
    return start !== undefined && policy.source.file !== undefined ? { file: policy.source.file, offset: start.offset } : undefined;
  }
  // A document given as a string (an export's encoded one) is text of its own: its offsets are not the file's, and
  // its length tells (an object's text is its span).
  const { file, span } = policy;
  return file !== undefined && span !== undefined && span.length === policy.parsed.text.length ? { file, offset: span.offset } : undefined;
}
