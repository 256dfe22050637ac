/**
 * A principal given by name (`app-reader`) instead of ARN: accepted where the model makes it unique, which is what a
 * template-built model invites (its account id is an assumption, its role names are what the template says). A role
 * session is written `ROLE/SESSION` (`Dev/alice`), the role's name and the session's, as AWS's assumed-role ARN
 * spells them after `assumed-role/`.
 */
import type { ModelPrincipal } from '../evaluator/model';
import { parseArn, splitIamResource } from '../arn';
import { closestNames } from './closestNames';
import type { LoadedModel } from './modelTypes';

/**
 * The principal's ARN; `writtenAs` when it was given as the ARN of a user or role of the model written with another
 * path (`role/AppRole` for `role/service-role/AppRole`).
 */
export type PrincipalName = { readonly arn: string; readonly writtenAs?: string } | { readonly error: string };

/** A service principal as AWS writes one: `ec2.amazonaws.com`, `s3.amazonaws.com.cn`, `alexa-appkit.amazon.com`. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;

/** `Dev/alice`: a role name (no slash in it, AWS allows none) and a session name. */
const ROLE_SESSION = /^([\w+=,.@-]+)\/([\w+=,.@-]+)$/;

/** Users and roles by name, built once per model: a test file of thousands of named principals looks each up at once. */
const byNameOf = new WeakMap<LoadedModel, Map<string, ModelPrincipal[]>>();

function principalsNamed(model: LoadedModel, name: string): readonly ModelPrincipal[] {
  return indexOf(model).get(name) ?? [];
}

function namesOf(model: LoadedModel): Iterable<string> {
  return indexOf(model).keys();
}

function* roleNamesOf(model: LoadedModel): Iterable<string> {
  for (const [name, principals] of indexOf(model)) if (principals.some((principal) => principal.kind === 'role')) yield name;
}

function indexOf(model: LoadedModel): Map<string, ModelPrincipal[]> {
  let byName = byNameOf.get(model);
  if (byName === undefined) {
    byName = new Map();
    for (const principal of model.principals()) {
      if (principal.kind === 'root' || principal.name === undefined) continue;
      const list = byName.get(principal.name);
      if (list) list.push(principal);
      else byName.set(principal.name, [principal]);
    }
    byNameOf.set(model, byName);
  }
  return byName;
}

/**
 * The ARN for a principal written as an ARN (unchanged), as the name of exactly one user or role of the model, or as
 * `ROLE/SESSION` for a session of exactly one role of the model.
 */
export function principalArn(model: LoadedModel, value: string): PrincipalName {
  // A service principal is one, even should a user have its name (that user is given by ARN): no name is looked up,
  // which on a model read account by account would read every account.
  if (value.startsWith('arn:')) return parseArn(value) === undefined ? notAnArn(model, value) : withModelPath(model, value);
  if (value === '*' || SERVICE_PRINCIPAL.test(value)) return { arn: value };
  const session = ROLE_SESSION.exec(value);
  if (session) return roleSessionArn(model, session[1] as string, session[2] as string);
  const matches = principalsNamed(model, value);
  if (matches.length === 1) return { arn: (matches[0] as { arn: string }).arn };
  if (matches.length === 0 && value.includes('/')) return notASession(model, value);
  if (matches.length === 0 && AMAZON_DOMAIN.test(value)) return notAService(value);
  // Anything else that is not a bare name (a web identity provider, `accounts.google.com`) goes on as written.
  if (matches.length === 0 && /[.:]/.test(value)) return { arn: value };
  if (matches.length === 0) {
    const near = closestNames(value, namesOf(model));
    const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
    return { error: `no user or role of the model is named '${value}'; give its name or ARN.${hint}` };
  }
  return { error: `'${value}' names ${matches.length} principals (${someArns(matches)}); give the ARN` };
}

/** A host name in an Amazon domain, as a service principal is: one that is not a service principal is misspelt. */
const AMAZON_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazon(aws)?\.[a-z0-9.-]+$/i;

/**
 * A name with a slash that is no ROLE/SESSION (`ci/DeployRole/run`, a role's path written in): no principal is named
 * so, and answering for it would only say that nothing allows it. Refused, with the session meant when the last two
 * parts name a role's session.
 */
function notASession(model: LoadedModel, value: string): PrincipalName {
  const parts = value.split('/');
  const role = parts.at(-2) ?? '';
  const meant = parts.length > 2 && principalsNamed(model, role).some((p) => p.kind === 'role') ? ` Did you mean '${role}/${parts.at(-1) ?? ''}'?` : '';
  return {
    error: `'${value}' names no principal: a role session is written ROLE/SESSION, the role's name without its path, or as its ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).${meant}`,
  };
}

/** A name in an Amazon domain that is no service principal (`ec2.amazonaws.co`), with the one meant. */
function notAService(value: string): PrincipalName {
  const service = (value.split('.')[0] ?? '').toLowerCase();
  const meant = /\.amazonaws\./i.test(value) ? `${service}.amazonaws.com` : `${service}.amazon.com`;
  return {
    error: `'${value}' is no service principal: AWS's end in .amazonaws.com (.amazonaws.com.cn in China), a few in .amazon.com. Did you mean '${meant}'?`,
  };
}

/**
 * An ARN that is not one (a colon missing or one too many): no request of AWS's names such a principal, and answering
 * for it would only say that nothing allows it. Refused, with the model's principals closest to it.
 */
function notAnArn(model: LoadedModel, value: string): PrincipalName {
  const near = closestNames(
    value,
    (model.outlines?.() ?? model.principals()).map((p) => p.arn),
    3,
    3,
  );
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
  return {
    error: `'${value}' is not an ARN: an ARN has six parts, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE (a user's is arn:aws:iam::ACCOUNT:user/NAME).${hint}`,
  };
}

/**
 * A user's or role's ARN with the path the model gives it. IAM names are unique in an account whatever the path, so
 * the model finds the principal, but its ARN holds its path, and so does every policy that names it: a request made
 * as the ARN written would be allowed by the principal's own policies and not by a key policy that names it.
 */
function withModelPath(model: LoadedModel, value: string): PrincipalName {
  const written = parseArn(value);
  const { kind, name } = splitIamResource(written?.service === 'iam' ? written.resource : '');
  const found = kind === 'user' || kind === 'role' ? model.principal(value) : undefined;
  const modelArn = found !== undefined ? parseArn(found.arn) : undefined;
  // Only the path may differ: the model finds a principal by account and name, whatever the partition.
  const samePrincipal = found?.kind === kind && found.name === name && modelArn?.partition === written?.partition && modelArn?.account === written?.account;
  return found !== undefined && samePrincipal && found.arn !== value ? { arn: found.arn, writtenAs: value } : { arn: value };
}

function roleSessionArn(model: LoadedModel, roleName: string, sessionName: string): PrincipalName {
  const roles = principalsNamed(model, roleName).filter((principal) => principal.kind === 'role');
  const role = roles[0];
  if (roles.length === 0 || role === undefined) {
    // A user of that name has no sessions to offer; otherwise the roles whose names are close.
    const user = principalsNamed(model, roleName).length > 0 ? ` '${roleName}' is a user: only a role has sessions.` : '';
    const near = user ? [] : closestNames(roleName, roleNamesOf(model));
    const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}/${sessionName}'`).join(' or ')}?` : '';
    return {
      error: `no role of the model is named '${roleName}'; a role session is written ROLE/SESSION or as its ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).${user}${hint}`,
    };
  }
  if (roles.length > 1) return { error: `'${roleName}' names ${roles.length} roles (${someArns(roles)}); give the session's ARN` };
  const partition = role.arn.split(':')[1] ?? 'aws';
  return { arn: `arn:${partition}:sts::${role.accountId}:assumed-role/${roleName}/${sessionName}` };
}

/** A few of the principals' ARNs, and how many more: a name every account uses (`admin`) can name hundreds. */
function someArns(principals: readonly ModelPrincipal[]): string {
  const shown = principals.slice(0, 3).map((p) => p.arn);
  return principals.length > shown.length ? `${shown.join(', ')} and ${principals.length - shown.length} more` : shown.join(', ');
}
