import { isObject } from './logText';

export interface RecordPrincipal {
  /** As the evaluator takes it: the user, the role session, the federated user, the root or the service. */
  readonly principal: string;
  /** The identity whose policies apply: the user, the session's role (from the session issuer), the root, the service. */
  readonly identity: string;
  readonly federatedBy?: string;
  /** `sessionContext.attributes.mfaAuthenticated`, when the record has it. */
  readonly mfaAuthenticated?: string;
  readonly partition: string;
  readonly accountId?: string;
}

export type PrincipalAnswer = RecordPrincipal | { readonly problem: string };

/**
 * The principal of a record, from `userIdentity` (CloudTrail userIdentity element:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * A role session is evaluated as the session (so session-specific conditions apply) and grouped under its role.
 */
export function recordPrincipal(userIdentity: unknown, invokedBy: string | undefined): PrincipalAnswer {
  if (!isObject(userIdentity)) return { problem: 'the record has no userIdentity' };
  const type = text(userIdentity.type);
  const arn = text(userIdentity.arn);
  const accountId = text(userIdentity.accountId);
  const session = isObject(userIdentity.sessionContext) ? userIdentity.sessionContext : undefined;
  const issuer = session && isObject(session.sessionIssuer) ? session.sessionIssuer : undefined;
  const attributes = session && isObject(session.attributes) ? session.attributes : undefined;
  const mfa = attributes ? text(attributes.mfaAuthenticated) : undefined;
  const partition = partitionOf(arn);
  // Plain assignments rather than spreads: this runs once per record of logs that hold millions.
  const answer = (principal: string, identity: string): RecordPrincipal => {
    const found: { -readonly [K in keyof RecordPrincipal]: RecordPrincipal[K] } = { principal, identity, partition };
    if (accountId !== undefined) found.accountId = accountId;
    if (mfa !== undefined) found.mfaAuthenticated = mfa.toLowerCase();
    return found;
  };
  switch (type) {
    case 'IAMUser':
    case 'Root':
      if (!arn) return { problem: `userIdentity of type ${type} has no arn` };
      return answer(arn, arn);
    case 'AssumedRole': {
      if (!arn) return { problem: 'userIdentity of type AssumedRole has no arn' };
      const role = issuer ? text(issuer.arn) : undefined;
      return answer(arn, role ?? roleOfSession(arn) ?? arn);
    }
    case 'FederatedUser': {
      if (!arn) return { problem: 'userIdentity of type FederatedUser has no arn' };
      const user = issuer ? text(issuer.arn) : undefined;
      return user !== undefined ? { ...answer(arn, user), federatedBy: user } : answer(arn, arn);
    }
    case 'AWSService': {
      const service = invokedBy ?? text(userIdentity.invokedBy);
      if (!service) return { problem: 'userIdentity of type AWSService names no service (invokedBy)' };
      return { principal: service, identity: service, partition };
    }
    case 'AWSAccount':
      return { problem: `the caller is another account (${accountId ?? 'unknown'}): CloudTrail does not say which of its principals called` };
    case 'SAMLUser':
    case 'WebIdentityUser':
      return { problem: `a ${type} assuming a role: its trust policy, not an identity policy, decides (replay the calls the role session makes)` };
    case 'IdentityCenterUser':
      return { problem: 'an IAM Identity Center user before it assumes a permission set role: no IAM policy of the model applies' };
    case 'Unknown':
    case undefined:
      return { problem: `userIdentity has ${type === undefined ? 'no type' : 'type Unknown'}` };
    default:
      return { problem: `userIdentity type ${type} is not one a policy evaluation can take` };
  }
}

/** The partition of an ARN (`aws`, `aws-cn`), `aws` when there is none. */
function partitionOf(arn: string | undefined): string {
  if (arn === undefined) return 'aws';
  const first = arn.indexOf(':');
  const second = first < 0 ? -1 : arn.indexOf(':', first + 1);
  return (second > first + 1 ? arn.slice(first + 1, second) : '') || 'aws';
}

/** `arn:aws:sts::1:assumed-role/R/S` → `arn:aws:iam::1:role/R` (without the path, which only the issuer shows). */
function roleOfSession(arn: string): string | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
