/**
 * Service behaviours outside the policy layers (rules 61 and 63, and the root user's AssumeRole).
 */

/** Rule 61: `sts:GetCallerIdentity` needs no permission and cannot be denied, not even by an explicit Deny. */
export function alwaysAllowed(action: string): string | undefined {
  return action.toLowerCase() === 'sts:getcalleridentity'
    ? 'sts:GetCallerIdentity is always allowed: no permission is required, and a Deny cannot block it.'
    : undefined;
}

/**
 * The root user cannot assume a role (rule 62): AWS's reference for sts:AssumeRole requires an IAM user's or role's
 * credentials ("Roles may not be assumed by root accounts"), whatever the trust policy says. A trust policy naming
 * `arn:aws:iam::ACCOUNT:root` trusts the account, which lets its IAM users and roles in; never its root user.
 */
export function closedToRootUser(actionLower: string, principalKind: string): string | undefined {
  if (principalKind !== 'root') return undefined;
  if (actionLower === 'sts:assumerole')
    return "The root user cannot assume a role: AWS requires an IAM user's or role's credentials for sts:AssumeRole, whatever the trust policy says (\":root\" in a trust policy trusts the account's IAM users and roles, not the root user).";
  // AssumeRoot's reference says the same of the call that opens a root session in a member account.
  if (actionLower === 'sts:assumeroot') return "The root user cannot call sts:AssumeRoot: AWS requires an IAM user's or role's credentials.";
  return undefined;
}

const MANAGED_POLICY_WRITES = new Set(
  ['createpolicyversion', 'deletepolicy', 'deletepolicyversion', 'setdefaultpolicyversion', 'tagpolicy', 'untagpolicy'].map((a) => `iam:${a}`),
);
const RESERVED_ROLE_WRITES = new Set(
  [
    'deleterole',
    'updaterole',
    'updateroledescription',
    'updateassumerolepolicy',
    'putrolepolicy',
    'deleterolepolicy',
    'attachrolepolicy',
    'detachrolepolicy',
    'putrolepermissionsboundary',
    'deleterolepermissionsboundary',
    'tagrole',
    'untagrole',
    'passrole',
  ].map((a) => `iam:${a}`),
);
const AWS_ALIAS_WRITES = new Set(['kms:createalias', 'kms:updatealias', 'kms:deletealias']);

/**
 * Rule 63 (impl.): things AWS owns cannot be changed whatever the policies say, so these requests are implicitly
 * denied: writing an AWS managed policy (`arn:aws:iam::aws:policy/…`), changing or passing a role under
 * `/aws-reserved/` (IAM Identity Center roles), and creating, updating or deleting an `alias/aws/*` KMS alias.
 * Takes the lower-cased action and `arnComponents(resource)`, which the evaluator has at hand.
 */
export function immutableTarget(actionLower: string, parts: readonly string[], resource: string): string | undefined {
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, , service, , account, rest = ''] = parts;
  if (service === 'iam' && account === 'aws' && rest.startsWith('policy/') && MANAGED_POLICY_WRITES.has(actionLower)) {
    return `${resource} is an AWS managed policy: it cannot be modified, whatever the policies allow.`;
  }
  if (service === 'iam' && rest.startsWith('role/aws-reserved/') && RESERVED_ROLE_WRITES.has(actionLower)) {
    return `${resource} is an AWS reserved role: it cannot be changed or passed, whatever the policies allow.`;
  }
  if (service === 'kms' && rest.startsWith('alias/aws/') && AWS_ALIAS_WRITES.has(actionLower)) {
    return `${resource} is an AWS managed key alias (alias/aws/*): it cannot be created, updated or deleted.`;
  }
  return undefined;
}
