import type { ActionInfo, Catalog } from '../catalog/types';
import { arnHasFormat, fillFormat, formatSpecificity } from './arnFormats';
import { isObject } from './logText';

/** What a record says about where the call went, in CloudTrail's field names. */
export interface ResourceFacts {
  /** `resources[].ARN` of the record. */
  readonly resourceArns: readonly string[];
  readonly requestParameters: Readonly<Record<string, unknown>> | undefined;
  readonly region: string | undefined;
  readonly accountId: string | undefined;
  readonly partition: string;
}

export type ResourceAnswer = { readonly arn: string } | { readonly problem: string };

/**
 * The ARN of the resource a call acted on, as specific as the record shows: an ARN the record lists under
 * `resources` (or gives as a request parameter) that has one of the action's ARN formats, else one built from the
 * formats with the request parameters (S3 `bucketName` + `key`, `tableName`, `roleName`…), region and account. An
 * action the catalog lists with no resource types, or with optional ones the call does not name, is authorized on `*`. Anything else is a problem, not a guess.
 */
export function recordResource(catalog: Catalog, action: ActionInfo, facts: ResourceFacts): ResourceAnswer {
  if (action.resourceTypes.length === 0) return { arn: '*' };
  const formats = formatsOf(catalog, action);
  const given = [...facts.resourceArns, ...arnParameters(facts.requestParameters)];
  let best: string | undefined;
  for (const arn of given) {
    if (!formats.some((format) => arnHasFormat(arn, format))) continue;
    // A format's last field takes anything, so `bucket/key` also has the bucket's format: the shortest ARN that fits
    // is the one the action names (the bucket for ListBucket, the object for GetObject, which only the object fits).
    if (best === undefined || arn.length < best.length) best = arn;
  }
  const parameters = lowerCaseKeys(facts.requestParameters);
  let namesSome = false;
  const valueOf = (placeholder: string): string | undefined => {
    if (placeholder === 'Partition') return facts.partition;
    if (placeholder === 'Region') return facts.region;
    if (placeholder === 'Account') return facts.accountId;
    const value = parameterFor(placeholder, parameters);
    if (value !== undefined) namesSome = true;
    return value;
  };
  if (best !== undefined) return { arn: withinListed(best, formats, valueOf) };
  for (const format of formats) {
    const arn = fillFormat(format, valueOf);
    if (arn !== undefined) return { arn: withinListed(arn, formats, valueOf) };
  }
  // Resource types that are all optional are those a call may name (a CloudWatch dataset for PutMetricData); a call
  // that names none is authorized on "*".
  // A call that names part of one (an S3 bucket without the key of an object call) names a resource we cannot build.
  if (!action.resourceTypes.some((t) => t.required) && !namesSome) return { arn: '*' };
  const names = action.resourceTypes.map((t) => t.name).join(', ');
  return { problem: `no resource ARN: the record lists none that fits ${action.service}:${action.name} (${names}), and its requestParameters do not name one` };
}

/**
 * The resource found (listed, or built from a required type's format), or the part of it the parameters name: a
 * DynamoDB Query on an index lists the table under `resources` and names the index only in `indexName`, and AWS
 * authorizes it on the index's ARN (`table/T/index/I`), which a policy may grant apart from the table.
 */
function withinListed(found: string, formats: readonly string[], valueOf: (placeholder: string) => string | undefined): string {
  for (const format of formats) {
    const arn = fillFormat(format, valueOf);
    if (arn !== undefined && arn.startsWith(`${found}/`)) return arn;
  }
  return found;
}

const formatsCache = new WeakMap<ActionInfo, string[]>();

/** The action's ARN formats, required resource types first, each type's formats most specific first (once per action). */
function formatsOf(catalog: Catalog, action: ActionInfo): string[] {
  const known = formatsCache.get(action);
  if (known) return known;
  const types = [...action.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required));
  const formats: string[] = [];
  for (const type of types) {
    const info = catalog.resourceType(action.service, type.name);
    if (info) formats.push(...[...info.arnFormats].sort((a, b) => formatSpecificity(b) - formatSpecificity(a)));
  }
  formatsCache.set(action, formats);
  return formats;
}

/** String request parameters (and those one level down) that are ARNs: `roleArn`, `topicArn`, `functionName`. */
function arnParameters(parameters: Readonly<Record<string, unknown>> | undefined): string[] {
  const found: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      if (value.startsWith('arn:')) found.push(value);
    } else if (depth < 2 && isObject(value)) {
      for (const inner of Object.values(value)) visit(inner, depth + 1);
    }
  };
  if (parameters) for (const value of Object.values(parameters)) visit(value, 0);
  return found;
}

function lowerCaseKeys(parameters: Readonly<Record<string, unknown>> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!parameters) return map;
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value === 'string' || typeof value === 'number') map.set(key.toLowerCase(), String(value));
  }
  return map;
}

/**
 * The request parameter for an ARN placeholder. Most APIs name the parameter like the placeholder (`TableName` →
 * `tableName`); the table holds those that do not.
 */
const PARAMETER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  objectname: ['key'],
  rolenamewithpath: ['rolename'],
  usernamewithpath: ['username'],
  groupnamewithpath: ['groupname'],
  policynamewithpath: ['policyname'],
  queuename: ['queueurl'],
  secretid: ['secretid', 'name'],
  parameternamewithoutleadingslash: ['name'],
  loggroupname: ['loggroupname'],
  streamname: ['streamname'],
};

function parameterFor(placeholder: string, parameters: ReadonlyMap<string, string>): string | undefined {
  const lower = placeholder.toLowerCase();
  for (const name of [lower, ...(PARAMETER_ALIASES[lower] ?? [])]) {
    const value = parameters.get(name);
    if (value === undefined || value === '') continue;
    // A queue is named by its URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME); SSM names start with a slash.
    if (name === 'queueurl') return value.slice(value.lastIndexOf('/') + 1);
    if (lower === 'parameternamewithoutleadingslash') return value.replace(/^\//, '');
    // A value that is an ARN or an alias would make a wrong ARN once placed in a format.
    if (value.startsWith('arn:') || (value.includes(':') && lower !== 'objectname')) continue;
    return value;
  }
  return undefined;
}
