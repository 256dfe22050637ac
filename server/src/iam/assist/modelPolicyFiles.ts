/**
 * The policy files a loaded model names, with the type the model gives each (an SCP, a boundary, a trust or resource
 * policy…), so that a check over the folder validates each file as what it is rather than guessing from its text.
 */
import type { PolicyRef } from '../evaluator/model';
import type { LoadedModel } from '../model/modelTypes';
import type { PolicyType } from '../policyTypes';

/**
 * A file used in two ways (an identity policy also attached as a boundary) is checked as the more particular one:
 * identity-policy findings ("no Principal needed") would be wrong about an SCP or a resource policy.
 */
const PRECEDENCE: readonly PolicyType[] = ['scp', 'rcp', 'resource', 'trust', 'boundary', 'session', 'endpoint', 'identity'];

/** Policy file (absolute path) → the type the model evaluates it as. Inline policies (inside the model) are left out. */
export function modelPolicyFileTypes(model: LoadedModel): Map<string, PolicyType> {
  const types = new Map<string, PolicyType>();
  const add = (ref: PolicyRef | undefined): void => {
    const source = ref?.source;
    // A span means the document sits inside another file (the model): that file is not a policy file.
    if (!source || source.file === undefined || source.span !== undefined) return;
    const known = types.get(source.file);
    if (known === undefined || PRECEDENCE.indexOf(source.type) < PRECEDENCE.indexOf(known)) types.set(source.file, source.type);
  };
  for (const principal of model.principals()) {
    principal.identityPolicies.forEach(add);
    add(principal.permissionsBoundary);
    add(principal.trustPolicy);
  }
  for (const resource of model.resources()) add(resource.policy);
  for (const account of model.accounts()) for (const level of account.orgPath) [...level.scps, ...level.rcps].forEach(add);
  for (const managed of model.managedPolicies()) add(managed.policy);
  return types;
}
