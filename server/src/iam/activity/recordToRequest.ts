import { parseAccessDenied } from './accessDeniedMessage';
import type { ActionInfo, Catalog } from '../catalog/types';
import type { ContextValue } from '../evaluator/types';
import type { ActivityRequest, RecordedOutcome, RecordOrigin, UnmappedRecord } from './activityTypes';
import { dependentPermissions } from './dependentPermissions';
import { EVENT_ACTIONS, NOT_AUTHORIZED_BY_POLICY, SERVICE_PREFIX_OF_HOST, withoutApiVersion } from './eventNames';
import { isObject } from './logText';
import { normalizeRecord } from './normalizeRecord';
import { recordContext, type ContextFacts } from './recordContext';
import { recordPrincipal } from './recordPrincipal';
import { recordResource } from './recordResource';

/**
 * Error codes that mean AWS refused the call on authorization
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html; EC2 writes
 * `Client.UnauthorizedOperation`).
 */
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedAccess',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type MappedRecord = { readonly request: ActivityRequest } | { readonly unmapped: UnmappedRecord };

/** What an event (`eventSource` and `eventName`) maps to: the catalog's action, or why it cannot be replayed. */
type EventMapping = { readonly action: ActionInfo; readonly name: string; readonly event: string } | { readonly problem: string };

/**
 * Mappings already made, per catalog: a day of logs repeats a few hundred events hundreds of thousands of times, and
 * the host, API-version and table look-ups need doing once per event, not once per record.
 */
const mappings = new WeakMap<Catalog, Map<string, EventMapping>>();

function eventMapping(catalog: Catalog, eventSource: string, eventName: string): EventMapping {
  let known = mappings.get(catalog);
  if (!known) {
    known = new Map();
    mappings.set(catalog, known);
  }
  const key = `${eventSource} ${eventName}`;
  let mapping = known.get(key);
  if (!mapping) {
    mapping = mapEvent(catalog, eventSource, eventName);
    // Bounded like every cache of user data: a log of made-up event names cannot grow it without end.
    if (known.size >= MAX_EVENT_MAPPINGS) known.clear();
    known.set(key, mapping);
  }
  return mapping;
}

const MAX_EVENT_MAPPINGS = 10_000;

function mapEvent(catalog: Catalog, eventSource: string, eventName: string): EventMapping {
  const host = eventSource.replace(/\.amazonaws\.com(\.cn)?$/, '');
  const prefix = SERVICE_PREFIX_OF_HOST[host] ?? host;
  const name = withoutApiVersion(eventName);
  const notDecided = NOT_AUTHORIZED_BY_POLICY[`${prefix}:${name}`];
  if (notDecided) return { problem: notDecided };
  const mapped = EVENT_ACTIONS[`${prefix}:${name}`]?.action ?? `${prefix}:${name}`;
  const colon = mapped.indexOf(':');
  const action = catalog.action(mapped.slice(0, colon), mapped.slice(colon + 1));
  if (!action) {
    return {
      problem: catalog.service(mapped.slice(0, colon))
        ? `no IAM action ${mapped} in the catalog for event ${eventName} (an event that is not named like its action: add it to the event table)`
        : `no IAM service '${mapped.slice(0, colon)}' in the catalog for eventSource ${eventSource}`,
    };
  }
  return { action, name: `${action.service}:${action.name}`, event: `${prefix}:${name}` };
}

/** One CloudTrail record → the request it made, or the reason it cannot be replayed. Never throws. */
export function recordToRequest(catalog: Catalog, raw: unknown, origin: RecordOrigin): MappedRecord {
  if (!isObject(raw)) return { unmapped: { origin, reason: 'the record is not a JSON object' } };
  const record = normalizeRecord(raw);
  const eventSource = text(record.eventSource);
  const eventName = text(record.eventName);
  if (!eventSource || !eventName) return { unmapped: { origin, reason: 'the record has no eventSource or eventName' } };
  const fail = (reason: string): MappedRecord => ({ unmapped: { origin, reason, event: `${eventSource} ${eventName}` } });
  if (record.eventType === 'AwsServiceEvent' || record.eventCategory === 'Insight') return fail('a service event, not a call a policy decides');
  const mapping = eventMapping(catalog, eventSource, eventName);
  if ('problem' in mapping) return fail(mapping.problem);
  const { action, name: actionName } = mapping;

  const invokedBy = text(isObject(record.userIdentity) ? record.userIdentity.invokedBy : undefined);
  const who = recordPrincipal(record.userIdentity, invokedBy);
  if ('problem' in who) return fail(who.problem);

  // Malformed fields would leave the resource to a guess: say so instead.
  if (record.requestParameters !== undefined && record.requestParameters !== null && !isObject(record.requestParameters))
    return fail('requestParameters is not a JSON object');
  if (record.resources !== undefined && record.resources !== null && !Array.isArray(record.resources)) return fail('resources is not a list');
  const resourceArns = Array.isArray(record.resources)
    ? record.resources.flatMap((r: unknown) => (isObject(r) && typeof r.ARN === 'string' ? [r.ARN] : []))
    : [];
  const region = text(record.awsRegion);
  const accountId = text(record.recipientAccountId) ?? who.accountId;
  const errorCode = text(record.errorCode);
  const errorMessage = text(record.errorMessage);
  const outcome: RecordedOutcome = errorCode === undefined ? 'allowed' : DENIED_CODES.has(errorCode) ? 'denied' : 'otherError';
  const found = recordResource(catalog, action, {
    resourceArns,
    requestParameters: isObject(record.requestParameters) ? record.requestParameters : undefined,
    region,
    accountId,
    partition: who.partition,
  });
  const resource = 'problem' in found && outcome === 'denied' ? (deniedResource(errorMessage, actionName) ?? found) : found;
  if ('problem' in resource) return fail(resource.problem);

  const sourceIp = text(record.sourceIPAddress);
  const vpcEndpointId = text(record.vpcEndpointId);
  const userAgent = text(record.userAgent);
  // Plain assignments rather than conditional spreads: this runs once per record of logs that hold millions.
  const facts: Mutable<ContextFacts> = {
    tls: isObject(record.tlsDetails),
    principalIsService: who.principal === who.identity && !who.principal.startsWith('arn:'),
  };
  if (region !== undefined) facts.region = region;
  if (sourceIp !== undefined) facts.sourceIp = sourceIp;
  if (who.mfaAuthenticated !== undefined) facts.mfaAuthenticated = who.mfaAuthenticated;
  if (vpcEndpointId !== undefined) facts.vpcEndpointId = vpcEndpointId;
  if (userAgent !== undefined) facts.userAgent = userAgent;
  if (invokedBy !== undefined) facts.invokedBy = invokedBy;
  const time = parseTime(record.eventTime);
  const request: Mutable<ActivityRequest> = {
    origin,
    principal: who.principal,
    identity: who.identity,
    action: actionName,
    eventSource,
    eventName,
    resource: resource.arn,
    context: withSessionParameters(recordContext(facts), mapping.event, record.requestParameters),
    outcome,
  };
  if (who.federatedBy !== undefined) request.federatedBy = who.federatedBy;
  const alsoRequires = dependentPermissions(mapping.event, isObject(record.requestParameters) ? record.requestParameters : undefined, who.partition);
  if (alsoRequires.length > 0) request.alsoRequires = alsoRequires;
  if (time) request.time = time;
  if (errorCode !== undefined) request.errorCode = errorCode;
  if (errorMessage !== undefined) request.errorMessage = errorMessage;
  return { request };
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The resource a denial's message names, when the record itself names none (EC2 records an UnauthorizedOperation with
 * no resources and parameters that name none, and says the ARN only in its message): the message is AWS's own word.
 */
function deniedResource(message: string | undefined, action: string): { readonly arn: string } | undefined {
  const reported = message === undefined ? undefined : parseAccessDenied(message);
  if (reported === undefined || 'problem' in reported || reported.resource === '*') return undefined;
  return reported.action.toLowerCase() === action.toLowerCase() ? { arn: reported.resource } : undefined;
}

/** The STS calls whose recorded parameters a role's trust policy may test. */
const SESSION_EVENTS = new Set(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']);

/**
 * What an STS call's recorded parameters put in its context, which a trust policy tests: the external ID, the session
 * name, the source identity and the session tags (`sts:ExternalId`, `sts:RoleSessionName`, `sts:SourceIdentity`,
 * `aws:RequestTag/…`, `aws:TagKeys`, `sts:TransitiveTagKeys`). Without them a trust that requires an external ID
 * denied every recorded AssumeRole that passed it.
 */
function withSessionParameters(context: Readonly<Record<string, ContextValue>>, event: string, parameters: unknown): Readonly<Record<string, ContextValue>> {
  if (!SESSION_EVENTS.has(event) || !isObject(parameters)) return context;
  const added: Record<string, ContextValue> = {};
  const single = (key: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') added[key] = value;
  };
  single('sts:ExternalId', parameters.externalId);
  single('sts:RoleSessionName', parameters.roleSessionName);
  single('sts:SourceIdentity', parameters.sourceIdentity);
  const tags = Array.isArray(parameters.tags) ? parameters.tags.filter(isObject) : [];
  const keys: string[] = [];
  for (const tag of tags) {
    if (typeof tag.key !== 'string' || typeof tag.value !== 'string') continue;
    added[`aws:RequestTag/${tag.key}`] = tag.value;
    keys.push(tag.key);
  }
  if (keys.length > 0) added['aws:TagKeys'] = keys;
  const transitive = Array.isArray(parameters.transitiveTagKeys) ? parameters.transitiveTagKeys.filter((k): k is string => typeof k === 'string') : [];
  if (transitive.length > 0) added['sts:TransitiveTagKeys'] = transitive;
  return Object.keys(added).length === 0 ? context : { ...context, ...added };
}
