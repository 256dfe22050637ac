import type { Catalog } from '../catalog/types';
import { runLayer, skippedLayer, grantedLayer, type LayerRun, type LayerSpec } from './layers';
import type { RequestFacts } from './matchStatement';
import type { EvaluationModel, ModelPrincipal, ModelResource, OrgLevel, PolicyRef } from './model';
import { RCP_FULL_AWS_ACCESS } from './rcpFullAccess';
import type { RequestPrincipal } from './requestPrincipal';
import type { EvaluationRequest, LayerKind } from './types';

/**
 * Runs every layer AWS evaluates for a request, in AWS's order (rules 5–11, 14–16, 20, 62): RCPs level by level,
 * SCPs level by level, the resource-side policy (resource policy, role trust policy or KMS key policy), identity
 * policies, permissions boundary, session policies. Deciding is decide.ts's job; this only gathers.
 */
export interface RequestLayers {
  readonly rcp: readonly LayerRun[];
  readonly scp: readonly LayerRun[];
  readonly resource: LayerRun;
  /** `trust` and `keyPolicy` must allow explicitly (rule 20); a plain resource policy is one way among two. */
  readonly resourceKind: LayerKind;
  readonly resourceRequired: boolean;
  readonly identity: LayerRun;
  /** The principal's account is outside the model: its identity side cannot be checked and is assumed to allow. */
  readonly identityAssumed: boolean;
  readonly boundary: LayerRun | undefined;
  readonly session: LayerRun | undefined;
  readonly endpoint: LayerRun | undefined;
}

export interface LayerInputs {
  readonly model: EvaluationModel;
  readonly request: EvaluationRequest;
  readonly principal: RequestPrincipal;
  // Fields are `| undefined` rather than optional: one fixed shape, built without spreads on every evaluation.
  readonly resourceEntity: ModelResource | undefined;
  /** The role a `sts:*` request targets, for its trust policy. */
  readonly targetRole: ModelPrincipal | undefined;
  readonly resourceAccountId: string | undefined;
  readonly crossAccount: boolean;
  readonly facts: RequestFacts;
  readonly catalog: Catalog | undefined;
}

/**
 * Services whose resources RCPs govern, when no catalog says otherwise: the five of the launch announcement plus those
 * the Organizations page has added since (ECR, OpenSearch Serverless, Cognito user pools, CloudWatch Logs, DynamoDB).
 */
const DEFAULT_RCP_SERVICES = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-idp', 'logs', 'dynamodb'];

const IDENTITY_KINDS = new Set(['user', 'role', 'roleSession', 'federatedUser', 'root']);

/**
 * Layer specs (kind, label, side) are the same for every request that reaches the same org level, resource or
 * principal, so they are built once per owner object and slot instead of formatting labels on every evaluation.
 */
const SLOT_RCP = 0;
const SLOT_SCP = 2;
const SLOT_RESOURCE = 4;
const SLOT_IDENTITY = 6;
const SLOT_BOUNDARY = 8;
const specCache = new WeakMap<object, (LayerSpec | undefined)[]>();

function cachedSpec(owner: object, slot: number, crossAccount: boolean): LayerSpec | undefined {
  return specCache.get(owner)?.[slot + (crossAccount ? 1 : 0)];
}

function storeSpec(owner: object, slot: number, crossAccount: boolean, spec: LayerSpec): LayerSpec {
  let specs = specCache.get(owner);
  if (!specs) {
    specs = [];
    specCache.set(owner, specs);
  }
  specs[slot + (crossAccount ? 1 : 0)] = spec;
  return spec;
}

const singles = new WeakMap<PolicyRef, readonly PolicyRef[]>();

/** `[ref]`, one array per policy rather than one per evaluation. */
function single(ref: PolicyRef): readonly PolicyRef[] {
  let list = singles.get(ref);
  if (!list) {
    list = [ref];
    singles.set(ref, list);
  }
  return list;
}

const rcpLists = new WeakMap<OrgLevel, readonly PolicyRef[]>();

/** The level's RCPs with the implicit RCPFullAWSAccess first, built once per level. */
function rcpsOf(level: OrgLevel): readonly PolicyRef[] {
  let list = rcpLists.get(level);
  if (!list) {
    list = [RCP_FULL_AWS_ACCESS, ...level.rcps];
    rcpLists.set(level, list);
  }
  return list;
}

export function collectLayers(inputs: LayerInputs): RequestLayers {
  const { principal, facts, crossAccount } = inputs;
  const principalSide = crossAccount ? ({ side: 'principal' } as const) : {};
  const resourceSide = crossAccount ? ({ side: 'resource' } as const) : {};
  const who = principal.entity?.name ?? principal.arn;
  // The entity whose identity policies and boundary apply: the role for a session, the federating user for a
  // federated user (rule 24), the user itself otherwise.
  const holder = principal.kind === 'federatedUser' ? principal.federatedBy : principal.kind === 'root' ? undefined : principal.entity;

  const rcp = orgLayers('rcp', inputs, resourceSide);
  const scp = orgLayers('scp', inputs, principalSide);

  const resourceLayer = resourceSideLayer(inputs, resourceSide);

  let identity: LayerRun;
  let identityAssumed = false;
  const spec = (holder && cachedSpec(holder, SLOT_IDENTITY, crossAccount)) ?? {
    kind: 'identity' as const,
    label: `identity policies of ${who}`,
    ...principalSide,
  };
  if (principal.kind === 'root') {
    identity = grantedLayer({ ...spec, note: "the account root user's full access to its own account, which only a Deny or an organization policy limits" });
  } else if (!IDENTITY_KINDS.has(principal.kind)) {
    identity = skippedLayer({ ...spec, note: 'This principal has no identity-based policies: only a resource-based policy can grant it access.' });
  } else if (holder) {
    identity = runLayer(storeSpec(holder, SLOT_IDENTITY, crossAccount, spec), holder.identityPolicies, facts);
  } else if (crossAccount && principal.accountId !== undefined && !inputs.model.account(principal.accountId)) {
    identityAssumed = true;
    identity = skippedLayer({ ...spec, note: `Account ${principal.accountId} is not in the model: its identity policies are assumed to allow.` });
  } else {
    identity = runLayer({ ...spec, note: principal.problem ?? `${principal.arn} has no identity policies in the model.` }, [], facts);
  }

  const boundaryPolicy = holder?.permissionsBoundary;
  const boundary = boundaryPolicy
    ? runLayer(
        cachedSpec(holder, SLOT_BOUNDARY, crossAccount) ??
          storeSpec(holder, SLOT_BOUNDARY, crossAccount, { kind: 'boundary', label: `permissions boundary of ${holder.name}`, ...principalSide }),
        single(boundaryPolicy),
        facts,
      )
    : undefined;

  const session = sessionLayer(inputs, principalSide);
  const endpointRefs = inputs.request.endpointPolicyRefs;
  const endpoint = endpointRefs && endpointRefs.length > 0 ? runLayer({ kind: 'endpoint', label: 'VPC endpoint policies' }, endpointRefs, facts) : undefined;
  return {
    rcp,
    scp,
    resource: resourceLayer.run,
    resourceKind: resourceLayer.kind,
    resourceRequired: resourceLayer.required,
    identity,
    identityAssumed,
    boundary,
    session,
    endpoint,
  };
}

function orgLayers(kind: 'rcp' | 'scp', inputs: LayerInputs, side: { side?: 'principal' | 'resource' }): LayerRun[] {
  const { principal, model } = inputs;
  const title = kind === 'rcp' ? 'RCPs' : 'SCPs';
  const skip = (note: string): LayerRun[] => [skippedLayer({ kind, label: title, ...side, note })];
  const accountId = kind === 'rcp' ? inputs.resourceAccountId : IDENTITY_KINDS.has(principal.kind) ? principal.accountId : undefined;
  if (accountId === undefined) return skip(kind === 'rcp' ? 'The resource has no known account.' : 'SCPs apply only to IAM principals of member accounts.');
  const account = model.account(accountId);
  if (!account) return skip(`Account ${accountId} is not in the model.`);
  if (account.orgPath.length === 0) return skip(`Account ${accountId} is not in an organization.`);
  if (account.isManagementAccount) return skip(`${title} do not affect the management account ${accountId} (rule 15).`);
  const holder = principal.kind === 'roleSession' || principal.kind === 'role' ? principal.entity : undefined;
  // Rule 16 for SCPs; for RCPs the Organizations material says the same (our reading: pinned by no AWS page we hold).
  if (holder?.serviceLinked) return skip(`${title} do not affect service-linked roles such as ${holder.name}.`);
  if (kind === 'rcp') {
    const actionLower = inputs.facts.actionLower;
    const service = actionLower.slice(0, Math.max(0, actionLower.indexOf(':')));
    const supported = inputs.catalog?.rcpSupportedServices() ?? DEFAULT_RCP_SERVICES;
    if (!supported.includes(service)) return skip(`RCPs do not apply to ${service || 'this'} requests (not an RCP-supported service).`);
    if (actionLower === 'kms:retiregrant') return skip('kms:RetireGrant is not controlled by RCPs (rule 16).');
  }
  const slot = kind === 'rcp' ? SLOT_RCP : SLOT_SCP;
  const cross = inputs.crossAccount;
  return account.orgPath.map((level) =>
    runLayer(
      cachedSpec(level, slot, cross) ?? storeSpec(level, slot, cross, { kind, label: `${title} at ${level.id}`, level: level.id, ...side }),
      kind === 'rcp' ? rcpsOf(level) : level.scps,
      inputs.facts,
    ),
  );
}

function resourceSideLayer(inputs: LayerInputs, side: { side?: 'principal' | 'resource' }): { run: LayerRun; kind: LayerKind; required: boolean } {
  const { request, facts } = inputs;
  const parts = facts.resourceParts;
  const service = parts.length >= 6 && parts[0] === 'arn' ? parts[2] : undefined;
  const isRole = service === 'iam' && (parts[5] ?? '').startsWith('role/');
  if (isRole && facts.actionLower.startsWith('sts:')) {
    const role = inputs.targetRole;
    const spec = { kind: 'trust' as const, label: `trust policy of role ${role?.name ?? request.resource}`, ...side };
    const policies: PolicyRef[] = role?.trustPolicy ? [role.trustPolicy] : [];
    const note = role ? (role.trustPolicy ? undefined : 'The role has no trust policy in the model.') : 'The role is not in the model.';
    return { run: runLayer(note ? { ...spec, note } : spec, policies, facts), kind: 'trust', required: true };
  }
  if (service === 'kms' && (parts[5] ?? '').startsWith('key/')) {
    const policy = inputs.resourceEntity?.policy;
    const spec = { kind: 'keyPolicy' as const, label: `key policy of ${request.resource}`, ...side };
    return {
      run: runLayer(policy ? spec : { ...spec, note: 'The key has no key policy in the model.' }, policy ? [policy] : [], facts),
      kind: 'keyPolicy',
      required: true,
    };
  }
  const entity = inputs.resourceEntity;
  const policy = entity?.policy;
  if (entity && policy) {
    const cached = cachedSpec(entity, SLOT_RESOURCE, inputs.crossAccount);
    const resourceSpec =
      cached ?? storeSpec(entity, SLOT_RESOURCE, inputs.crossAccount, { kind: 'resource', label: `resource-based policy of ${entity.arn}`, ...side });
    return { run: runLayer(resourceSpec, single(policy), facts), kind: 'resource', required: false };
  }
  return { run: NO_RESOURCE_POLICY[side.side ? 1 : 0], kind: 'resource', required: false };
}

/** Shown for resources without a policy (most requests): built once, without and with `side`. */
const NO_RESOURCE_POLICY: readonly [LayerRun, LayerRun] = [
  skippedLayer({ kind: 'resource', label: 'resource-based policy', note: 'The resource has no resource-based policy in the model.' }),
  skippedLayer({ kind: 'resource', label: 'resource-based policy', side: 'resource', note: 'The resource has no resource-based policy in the model.' }),
];

/**
 * Rule 11: a role session with session policies needs one of them to allow (several combine as a union — rule 35's
 * guess), a role session without any is not limited, and a federated-user session always needs a session policy.
 */
function sessionLayer(inputs: LayerInputs, side: { side?: 'principal' | 'resource' }): LayerRun | undefined {
  const { principal, request, facts } = inputs;
  const refs = request.sessionPolicyRefs ?? [];
  const spec = { kind: 'session' as const, label: 'session policies', ...side };
  if (principal.kind === 'roleSession' || principal.kind === 'role') {
    return refs.length > 0 ? runLayer(spec, refs, facts) : undefined;
  }
  if (principal.kind === 'federatedUser') {
    if (refs.length > 0) return runLayer(spec, refs, facts);
    return runLayer({ ...spec, note: 'A federated-user session without a session policy has no permissions (rule 11).' }, [], facts);
  }
  return undefined;
}
