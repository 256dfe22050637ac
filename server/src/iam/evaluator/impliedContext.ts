import { isRegionSyntax } from '../regions';
import type { EvaluationModel, ModelAccount, ModelResource, Tags } from './model';
import type { RequestPrincipal } from './requestPrincipal';
import type { ContextValue } from './types';
import { toEntries, type ContextEntries } from './requestContext';

/**
 * The context keys the model implies for a request, in AWS's canonical spelling (rules 1, 60; the global condition
 * keys page): who the principal is (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`,
 * `aws:userid`, `aws:PrincipalTag/*`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalIsAWSService`,
 * `aws:PrincipalServiceName`), what the resource is (`aws:ResourceAccount`, `aws:ResourceTag/*`, `aws:ResourceOrgID`,
 * `aws:ResourceOrgPaths`), where (`aws:RequestedRegion`, from a resource ARN that names its Region) and when
 * (`aws:CurrentTime`, `aws:EpochTime`). Keys the request gives win over these
 * (see RequestContext), so a user can always override what the model says.
 */
export interface ImpliedContextInput {
  readonly model: EvaluationModel;
  readonly principal: RequestPrincipal;
  readonly resourceAccountId?: string;
  readonly resourceEntity?: ModelResource;
  /** Tags of the resource when it is itself a principal (a role in sts:AssumeRole, a user in iam:TagUser). */
  readonly resourcePrincipalTags?: Tags;
  readonly now: Date;
}

/** The implied context as one record (for callers that want it whole; evaluate uses the cached parts below). */
export function impliedContext(input: ImpliedContextInput): Record<string, ContextValue> {
  return {
    ...principalContext(input.model, input.principal),
    ...resourceContext(input.model, input.resourceAccountId, input.resourceEntity?.tags ?? input.resourcePrincipalTags),
    ...timeContext(input.now),
  };
}

/**
 * Whether the model fills the key itself, from the principal, the resource or the service called (the keys above and
 * `kms:CallerAccount`): a request has no need to give it, and neither a fix nor a probe may set it, or the request
 * would speak for another principal or resource than the one it names. With the Region an evaluation took from its
 * resource's ARN (`regionFromResource`, set only when the request gave none), the same holds for `aws:RequestedRegion`:
 * a queue in us-east-1 is not reached from another Region. A Region the request gave stays the caller's to change.
 */
export function isModelFilledKey(key: string, regionFromResource?: string): boolean {
  return MODEL_FILLED.test(key) || (regionFromResource !== undefined && key.toLowerCase() === REQUESTED_REGION);
}

const REQUESTED_REGION = 'aws:requestedregion';

const MODEL_FILLED = /^aws:(principal|resource)|^aws:(username|userid)$|^kms:calleraccount$/i;

const principalCache = new WeakMap<RequestPrincipal, ContextEntries>();
const resourceCache = new WeakMap<EvaluationModel, WeakMap<Tags, Map<string, ContextEntries>>>();
const NO_TAGS: Tags = {};
let lastTime: { ms: number; entries: ContextEntries } | undefined;

/** The principal's part, as entries, built once per resolved principal (evaluate caches those per model). */
export function principalEntries(model: EvaluationModel, principal: RequestPrincipal): ContextEntries {
  let entries = principalCache.get(principal);
  if (!entries) {
    entries = toEntries(principalContext(model, principal));
    principalCache.set(principal, entries);
  }
  return entries;
}

/** The resource's part, as entries, built once per model, tag set and account. */
export function resourceEntries(model: EvaluationModel, accountId: string | undefined, tags: Tags | undefined): ContextEntries {
  const tagKey = tags ?? NO_TAGS;
  let byTags = resourceCache.get(model);
  if (!byTags) {
    byTags = new WeakMap();
    resourceCache.set(model, byTags);
  }
  let byAccount = byTags.get(tagKey);
  if (!byAccount) {
    byAccount = new Map();
    byTags.set(tagKey, byAccount);
  }
  let entries = byAccount.get(accountId ?? '');
  if (!entries) {
    entries = toEntries(resourceContext(model, accountId, tags));
    if (byAccount.size > 1000) byAccount.clear();
    byAccount.set(accountId ?? '', entries);
  }
  return entries;
}

const kmsCallers = new Map<string, ContextEntries>();
const NO_ENTRIES: ContextEntries = toEntries({});

/**
 * Keys a service sets from its caller on every request it receives: AWS KMS puts the caller's account in
 * `kms:CallerAccount` (AWS KMS condition keys), which the key policies of AWS managed keys test together with
 * kms:ViaService. Only for KMS actions, and only for callers that belong to an account.
 */
export function serviceEntries(actionLower: string, principal: RequestPrincipal): ContextEntries {
  const account = principal.accountId;
  if (!actionLower.startsWith('kms:') || account === undefined || principal.kind === 'anonymous' || principal.kind === 'service') return NO_ENTRIES;
  let entries = kmsCallers.get(account);
  if (entries === undefined) {
    entries = toEntries({ 'kms:CallerAccount': account });
    if (kmsCallers.size >= 1000) kmsCallers.clear();
    kmsCallers.set(account, entries);
  }
  return entries;
}

/**
 * The Region a request on a resource is made in, from the resource's ARN (its components), when the ARN names one
 * (rule 71): AWS sets `aws:RequestedRegion` to the Region of the endpoint called, and a queue, a key or a function is
 * reached through its own Region's endpoint. Undefined where the ARN has no Region (a bucket, a role), a pattern there,
 * or no ARN at all (`*`).
 */
function regionOfResource(resourceParts: readonly string[]): string | undefined {
  if (resourceParts.length < 6 || resourceParts[0] !== 'arn') return undefined;
  const region = resourceParts[3] as string;
  return isRegionSyntax(region) ? region : undefined;
}

const regionsCalled = new Map<string, ContextEntries>();

/**
 * Actions made in one Region that name a resource of another (rule 71's exception): a snapshot, image or database
 * snapshot copied from its Region, a read replica made from a database elsewhere, each called in the destination's
 * Region. (Replicating a KMS key or a secret is called in the primary's own Region: no exception.)
 */
const CROSS_REGION_ACTIONS = new Set([
  'ec2:copysnapshot',
  'ec2:copyimage',
  'ec2:copyfpgaimage',
  'rds:copydbsnapshot',
  'rds:copydbclustersnapshot',
  'rds:createdbinstancereadreplica',
]);

/** `aws:RequestedRegion` as `regionOfResource` finds it (no entries when it finds none, or the action crosses Regions). */
export function regionEntries(resourceParts: readonly string[], actionLower: string): ContextEntries {
  const region = CROSS_REGION_ACTIONS.has(actionLower) ? undefined : regionOfResource(resourceParts);
  if (region === undefined) return NO_ENTRIES;
  let entries = regionsCalled.get(region);
  if (entries === undefined) {
    entries = toEntries({ 'aws:RequestedRegion': region });
    if (regionsCalled.size >= 1000) regionsCalled.clear();
    regionsCalled.set(region, entries);
  }
  return entries;
}

/** `aws:CurrentTime` and `aws:EpochTime`, reused while the time stays the same. */
export function timeEntries(now: Date): ContextEntries {
  const ms = now.getTime();
  if (lastTime?.ms !== ms) lastTime = { ms, entries: toEntries(timeContext(now)) };
  return lastTime.entries;
}

function principalContext(model: EvaluationModel, principal: RequestPrincipal): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  addPrincipalKeys(out, principal);
  const principalAccount = principal.accountId !== undefined ? model.account(principal.accountId) : undefined;
  if (principalAccount) addOrgKeys(out, principalAccount, 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths');
  return out;
}

function resourceContext(model: EvaluationModel, accountId: string | undefined, tags: Tags | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (accountId !== undefined) {
    out['aws:ResourceAccount'] = accountId;
    const resourceAccount = model.account(accountId);
    if (resourceAccount) addOrgKeys(out, resourceAccount, 'aws:ResourceOrgID', 'aws:ResourceOrgPaths');
  }
  addTags(out, 'aws:ResourceTag/', tags);
  return out;
}

function timeContext(now: Date): Record<string, ContextValue> {
  return {
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
}

function addPrincipalKeys(out: Record<string, ContextValue>, principal: RequestPrincipal): void {
  const entity = principal.entity;
  switch (principal.kind) {
    case 'user':
      out['aws:PrincipalArn'] = entity?.arn ?? principal.arn;
      out['aws:PrincipalType'] = 'User';
      out['aws:username'] = entity?.name ?? principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
      if (entity) out['aws:userid'] = entity.uniqueId;
      break;
    case 'role':
    case 'roleSession':
      // aws:PrincipalArn of a session is the role's ARN, not the session's (global condition keys page).
      out['aws:PrincipalArn'] = principal.roleArn ?? principal.arn;
      out['aws:PrincipalType'] = 'AssumedRole';
      if (entity) out['aws:userid'] = principal.sessionName !== undefined ? `${entity.uniqueId}:${principal.sessionName}` : entity.uniqueId;
      break;
    case 'federatedUser':
      out['aws:PrincipalArn'] = principal.arn;
      out['aws:PrincipalType'] = 'FederatedUser';
      out['aws:userid'] = `${principal.accountId ?? ''}:${principal.arn.slice(principal.arn.lastIndexOf('/') + 1)}`;
      break;
    case 'root':
      out['aws:PrincipalArn'] = principal.chain[0] ?? principal.arn;
      out['aws:PrincipalType'] = 'Account';
      if (principal.accountId !== undefined) out['aws:userid'] = principal.accountId;
      break;
    case 'anonymous':
      out['aws:PrincipalType'] = 'Anonymous';
      out['aws:userid'] = 'anonymous';
      break;
    case 'service':
      out['aws:PrincipalServiceName'] = principal.arn;
      out['aws:PrincipalIsAWSService'] = 'true';
      return;
    case 'federatedProvider':
    case 'canonicalUser':
    case 'unknown':
      break;
  }
  out['aws:PrincipalIsAWSService'] = 'false';
  if (principal.accountId !== undefined && principal.kind !== 'anonymous') out['aws:PrincipalAccount'] = principal.accountId;
  addTags(out, 'aws:PrincipalTag/', entity?.tags);
}

function addTags(out: Record<string, ContextValue>, prefix: string, tags: Tags | undefined): void {
  if (!tags) return;
  for (const key of Object.keys(tags)) {
    const value = tags[key];
    if (value !== undefined) out[prefix + key] = value;
  }
}

/** `o-…` and the path `o-…/r-…/ou-…/` (root and OUs; the account itself is not part of the path). */
function addOrgKeys(out: Record<string, ContextValue>, account: ModelAccount, idKey: string, pathKey: string): void {
  const orgId = account.organizationId;
  if (orgId === undefined) return;
  out[idKey] = orgId;
  const levels = account.orgPath.filter((level) => level.id !== account.id).map((level) => level.id);
  if (levels.length > 0) out[pathKey] = [`${orgId}/${levels.join('/')}/`];
}
