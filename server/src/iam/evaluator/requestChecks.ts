/**
 * Problems with the request itself, found against the catalog: an action that does not exist (or a wildcard, which
 * no request carries), a resource that is not an ARN, a context key no service defines, a context value of the wrong
 * type for its key. AWS would refuse or never send such a request, so the decision the evaluator still gives is about
 * a request that cannot happen: the problems go into the result's `errors`, and every face shows them beside it.
 *
 * Answers are cached per catalog: who-can and test runs repeat the same action, resource and keys thousands of times.
 */
import type { Catalog, ConditionKeyType } from '../catalog/types';
import { arnMayBeOfFormat } from '../catalog/arnFormat';
import { closestActionNames, closestMatches } from '../catalog/suggest';
import { assertNever } from '../policyTypes';
import { KNOWN_REGIONS } from '../regions';
import { parseDate } from './operators/DateCompare';
import { parseCidr, parseIp } from './operators/IpAddress';
import { parseNumber } from './operators/NumericCompare';
import type { ContextValue } from './types';

/** One problem, with the part of the request it is about (test files point at it: assist/testChecks.ts). */
export interface RequestProblem {
  readonly message: string;
  readonly code:
    | 'unknownAction'
    | 'catalogIncomplete'
    | 'invalidResource'
    | 'resourceNotOfAction'
    | 'unknownContextKey'
    | 'contextValueType'
    | 'absentKeyAwsAlwaysSets'
    /** Who-can's: the resource's policy lets anyone make the request, not only the principals listed. */
    | 'openToAnyone'
    /** Who-can's: a role's trust policy lets in an account the model does not describe (its users and roles), or one of its principals. */
    | 'trustedAccount'
    /** Who-can's: the resource's policy lets in an account the model does not describe, or one of its users or roles. */
    | 'outsideAccount'
    /** Who-can's: principals denied only for keys the request does not give and a caller sets (an external ID). */
    | 'absentCallerKey'
    /** Who-can's: a service principal denied only for keys its own request carries (aws:SourceArn), not given. */
    | 'absentServiceKey'
    /** Who-can's: keys only a service's request carries, given to service principals only. */
    | 'serviceOnlyKey'
    /** Who-can's: a statement that decided, or nearly applied, lists a value the template leaves open. */
    | 'openValue'
    /** Who-can's: denials turned on the Region taken from the resource's ARN (rule 71). */
    | 'regionFromResource'
    /** Who-can's: a role's trust policy lets in an identity provider's token holders, whom no model lists. */
    | 'trustedProvider'
    /** Who-can's: the resource is not in the model, and one it lists is a few edits away (a typo, mostly). */
    | 'unknownResource';
  readonly part: 'action' | 'resource' | 'context';
  /** For context problems: the key as the request wrote it. */
  readonly key?: string;
}

interface Cache {
  readonly actions: Map<string, RequestProblem | null>;
  readonly resources: Map<string, RequestProblem | null>;
  /** Action and resource joined by a newline → problem. */
  readonly pairs: Map<string, RequestProblem | null>;
  /** Key → single value → problem: no string is built for the usual single value. */
  readonly context: Map<string, Map<string, RequestProblem | null>>;
  /** Key → list of values joined by NUL → problem. */
  readonly contextLists: Map<string, Map<string, RequestProblem | null>>;
}

const caches = new WeakMap<Catalog, Cache>();
const MAX_CACHED = 10_000;

/** The problems of one request, in words (empty when it is a request AWS could receive). */
export function requestProblems(
  catalog: Catalog,
  action: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>> | undefined,
): RequestProblem[] {
  let cache = caches.get(catalog);
  if (!cache) caches.set(catalog, (cache = { actions: new Map(), resources: new Map(), pairs: new Map(), context: new Map(), contextLists: new Map() }));
  const problems: RequestProblem[] = [];
  const actionProblem = cached(cache.actions, action, () => checkAction(catalog, action));
  if (actionProblem) problems.push(actionProblem);
  const resourceProblem = cached(cache.resources, resource, () => checkResource(resource));
  if (resourceProblem) problems.push(resourceProblem);
  if (!actionProblem && !resourceProblem) {
    const pairProblem = cached(cache.pairs, `${action}\n${resource}`, () => checkResourceOfAction(catalog, action, resource));
    if (pairProblem) problems.push(pairProblem);
  }
  if (context) {
    for (const key of Object.keys(context)) {
      const value = context[key];
      if (value === undefined) continue;
      // Single values and lists are cached apart: a list and a string must not share an answer ([] vs "").
      const single = typeof value === 'string';
      const maps = single ? cache.context : cache.contextLists;
      let byValue = maps.get(key);
      if (!byValue) {
        if (maps.size >= MAX_CACHED) maps.clear();
        maps.set(key, (byValue = new Map()));
      }
      const cacheKey = single ? value : value.join('\u0000');
      let problem = byValue.get(cacheKey);
      if (problem === undefined) {
        problem = checkContext(catalog, key, single ? [value] : value);
        if (byValue.size >= MAX_CACHED) byValue.clear();
        byValue.set(cacheKey, problem);
      }
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function cached(map: Map<string, RequestProblem | null>, key: string, compute: () => RequestProblem | null): RequestProblem | null {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    if (map.size >= MAX_CACHED) map.clear();
    map.set(key, value);
  }
  return value;
}

function checkAction(catalog: Catalog, action: string): RequestProblem | null {
  const problem = (message: string): RequestProblem => ({ message, code: 'unknownAction', part: 'action' });
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) return problem(`The action '${action}' is not of the form service:Action (like s3:GetObject).`);
  if (/[*?]/.test(action)) return problem(`The action '${action}' has a wildcard: a request names one action; wildcards belong in policies.`);
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (!catalog.service(service)) {
    const close = closestMatches(
      service,
      catalog.services().map((s) => s.prefix),
      3,
    );
    // Suggest whole actions only where the close service has the action; else the service prefixes alone.
    const actions = close.filter((s) => catalog.action(s, name)).map((s) => `${s}:${name}`);
    const hint = actions.length > 0 ? didYouMean(actions) : close.length > 0 ? ` Did you mean the service ${close.map((s) => `'${s}'`).join(' or ')}?` : '';
    return problem(`'${service}' is not a service prefix the catalog knows, so no request carries '${action}'.${hint}`);
  }
  const info = catalog.action(service, name);
  if (info?.catalogNote) {
    // Not a problem with the request, but with what the answer rests on: the evaluator does not apply "this action
    // supports only Resource *" to such an action, and says why beside the decision.
    const message = `The catalog's entry for '${service}:${info.name}' may be incomplete, so this answer does not rely on its resource types: ${info.catalogNote.text} (${info.catalogNote.url})`;
    return { message, code: 'catalogIncomplete', part: 'action' };
  }
  if (info) return null;
  const close = closestActionNames(catalog, service, name, 3);
  return problem(
    `The service '${service}' has no action '${name}' in the catalog, so no request carries it.${didYouMean(close.map((a) => `${service}:${a}`))}`,
  );
}

function checkResource(resource: string): RequestProblem | null {
  if (resource === '*') return null;
  if (/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+/.test(resource)) return null;
  return { message: `The resource '${resource}' is not an ARN (arn:partition:service:region:account:resource).`, code: 'invalidResource', part: 'resource' };
}

/**
 * A resource of none of the types the action acts on (`s3:ListBucket` on an object): AWS never receives such a
 * request, so a policy that would allow it says nothing about a real one. Quiet wherever the catalog cannot know: an
 * action it has no resource types for (those take `*`, a rule of the evaluator's own), an incomplete entry, a
 * resource type it has no ARN format for.
 */
function checkResourceOfAction(catalog: Catalog, action: string, resource: string): RequestProblem | null {
  if (resource === '*' || /[*?]/.test(resource)) return null;
  const colon = action.indexOf(':');
  const info = catalog.action(action.slice(0, colon), action.slice(colon + 1));
  if (!info || info.catalogNote || info.resourceTypes.length === 0) return null;
  const formats: string[] = [];
  for (const type of info.resourceTypes) {
    const known = catalog.resourceType(info.service, type.name);
    if (!known || known.arnFormats.length === 0) return null;
    formats.push(...known.arnFormats);
  }
  if (formats.some((format) => arnMayBeOfFormat(resource, format))) return null;
  const types = info.resourceTypes.map((t) => t.name).join(', ');
  return {
    message: `${info.service}:${info.name} acts on ${types} (${formats.slice(0, 3).join(', ')}${formats.length > 3 ? ', …' : ''}), and '${resource}' is none of them: AWS authorizes no such request, so the answer is about a request that cannot happen (the catalog may lag AWS).`,
    code: 'resourceNotOfAction',
    part: 'resource',
  };
}

function checkContext(catalog: Catalog, key: string, values: readonly string[]): RequestProblem | null {
  const info = catalog.conditionKey(key);
  if (!info) {
    const message = `The context key '${key}' is not a condition key the catalog knows (global or of any service), so no policy condition can mean it.`;
    return { message, code: 'unknownContextKey', part: 'context', key };
  }
  const problem = (message: string): RequestProblem => ({ message, code: 'contextValueType', part: 'context', key });
  if (values.length > 1 && !info.multiValued) {
    return problem(`The context key '${info.key}' is single-valued, but the request gives it ${values.length} values.`);
  }
  const base = info.type.replace(/^ArrayOf/, '') as BaseType;
  for (const value of values) {
    if (!fitsType(base, value)) return problem(`The context key '${info.key}' holds ${TYPE_WORDS[base]}: '${value}' is not one.`);
  }
  // A misspelt Region (`eu-wset-1`) never matches what a policy names: the region keys are checked against the list,
  // saying that the list may lag AWS.
  if (REGION_KEYS.has(info.key.toLowerCase())) {
    for (const value of values) {
      if (KNOWN_REGION_SET.has(value)) continue;
      const near = closestMatches(value, KNOWN_REGIONS, 1);
      const hint = near[0] ? ` Did you mean '${near[0]}'?` : '';
      return problem(
        `The context key '${info.key}' holds a Region code, and '${value}' is not one known here.${hint} (A Region newer than this list would not be known either.)`,
      );
    }
  }
  return null;
}

/** Context keys whose value is a Region code. */
const REGION_KEYS = new Set(['aws:requestedregion', 'ec2:region']);
const KNOWN_REGION_SET = new Set(KNOWN_REGIONS);

type BaseType = Exclude<ConditionKeyType, `ArrayOf${string}`>;

const TYPE_WORDS: Readonly<Record<BaseType, string>> = {
  String: 'a string',
  ARN: 'an ARN',
  Bool: 'true or false',
  Date: 'a date (ISO 8601 or epoch seconds)',
  IPAddress: 'an IP address or CIDR range',
  Numeric: 'a number',
  Binary: 'base64-encoded binary data',
};

function fitsType(type: BaseType, value: string): boolean {
  switch (type) {
    case 'String':
      return true;
    case 'ARN':
      return value === '*' || value.startsWith('arn:');
    case 'Bool':
      return /^(true|false)$/i.test(value);
    case 'Date':
      return parseDate(value) !== undefined;
    case 'IPAddress':
      return parseIp(value) !== undefined || parseCidr(value) !== undefined;
    case 'Numeric':
      return parseNumber(value) !== undefined;
    case 'Binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(value);
    default:
      return assertNever(type);
  }
}

function didYouMean(candidates: readonly string[]): string {
  return candidates.length > 0 ? ` Did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?` : '';
}
