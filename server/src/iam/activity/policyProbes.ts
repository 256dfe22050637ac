import type { Catalog } from '../catalog/types';
import { isModelFilledKey, type ContextValue } from '../evaluator';
import { parseIpRange } from '../validator';
import type { StatementNode } from '../parser';
import { compileWildcard } from '../wildcard';
import { arnHasFormat, fillFormat, formatSpecificity, lastFieldOf } from './arnFormats';

/**
 * The requests worth asking about a policy change: actions, resources and contexts taken from what the old and new
 * versions name, so every statement of either version meets a request it applies to (and the nearest one it does
 * not). Wildcards are filled with a made-up name, so a pattern that widened meets a resource only the wider pattern
 * matches.
 */

const FILLER = 'example';

/** The actions the statements name, expanded with the catalog; NotAction statements add the services of `extraServices`. */
export function probeActions(
  catalog: Catalog,
  statements: readonly StatementNode[],
  extraServices: Iterable<string>,
  max: number,
): { actions: string[]; truncated: boolean } {
  const found = new Set<string>();
  let notAction = false;
  for (const statement of statements) {
    for (const item of statement.action?.items ?? []) for (const a of catalog.actionsMatching(item.value)) found.add(`${a.service}:${a.name}`);
    if (statement.notAction) {
      notAction = true;
      for (const item of statement.notAction.items) for (const a of catalog.actionsMatching(item.value)) found.add(`${a.service}:${a.name}`);
    }
  }
  if (notAction) for (const service of extraServices) for (const a of catalog.actions(service)) found.add(`${a.service}:${a.name}`);
  const actions = [...found].sort();
  return actions.length > max ? { actions: actions.slice(0, max), truncated: true } : { actions, truncated: false };
}

/** Resource ARNs the statements name, with wildcards and policy variables filled in. */
export function namedResources(statements: readonly StatementNode[]): string[] {
  const found = new Set<string>();
  for (const statement of statements) {
    for (const item of [...(statement.resource?.items ?? []), ...(statement.notResource?.items ?? [])]) {
      if (item.value === '*') continue;
      found.add(fillWildcards(item.value));
    }
  }
  return [...found];
}

export function fillWildcards(pattern: string): string {
  return pattern
    .replace(/\$\{[^}]*\}/g, FILLER)
    .replace(/\*/g, FILLER)
    .replace(/\?/g, 'x');
}

/**
 * The resources to ask one action about: those of `candidates` of a type it acts on, and one made up from each of
 * its ARN formats (for statements on `*` or on a whole service, `arn:aws:s3:::*`: the made-up object
 * `arn:aws:s3:::example/example` is what shows that such a Resource reaches objects of every bucket). An action
 * without resource types is asked about `*` only.
 */
export function resourcesForAction(catalog: Catalog, action: string, candidates: readonly string[], accountId: string, region: string): string[] {
  const colon = action.indexOf(':');
  const info = catalog.action(action.slice(0, colon), action.slice(colon + 1));
  if (!info || info.resourceTypes.length === 0) return ['*'];
  const formats = info.resourceTypes.flatMap((t) => catalog.resourceType(info.service, t.name)?.arnFormats ?? []);
  const serviceFormats = catalog.resourceTypes(info.service).flatMap((t) => t.arnFormats);
  const fitting = candidates.filter((arn) => ofTypeActedOn(arn, formats, serviceFormats));
  for (const format of formats) {
    const made = fillFormat(format, (p) => (p === 'Partition' ? 'aws' : p === 'Region' ? region : p === 'Account' ? accountId : FILLER));
    if (made !== undefined && !fitting.includes(made)) fitting.push(made);
  }
  return fitting;
}

/**
 * True when the ARN's type is one the action acts on. A format's last placeholder takes the rest of the ARN, so
 * `arn:aws:s3:::b/key` has the bucket's format too, and `…:log-group:g:log-stream:s` the log group's: when another
 * format of the service has the ARN with more literal text (`:log-stream:`), or with a `/` where the action's format
 * would put it inside a name (an object key), the ARN is of that other type, and s3:CreateBucket on it is no request
 * AWS would receive. A qualifier alone (a function's `orders:live`) keeps the action's type.
 */
function ofTypeActedOn(arn: string, formats: readonly string[], serviceFormats: readonly string[]): boolean {
  const matching = formats.filter((format) => arnHasFormat(arn, format));
  if (matching.length === 0) return false;
  const own = Math.max(...matching.map(formatSpecificity));
  const nameHoldsSlash = matching.every((format) => (lastFieldOf(arn, format) ?? '').includes('/'));
  return !serviceFormats.some((format) => {
    if (formats.includes(format) || !arnHasFormat(arn, format)) return false;
    const specificity = formatSpecificity(format);
    return specificity > own + 1 || (nameHoldsSlash && specificity > own);
  });
}

/** Contexts to ask with: none, each condition value alone, and all of them together, at most `max`. */
export function probeContexts(statements: readonly StatementNode[], max: number): Record<string, ContextValue>[] {
  const values = new Map<string, Set<string>>();
  for (const statement of statements) {
    for (const operator of statement.condition?.operators ?? []) {
      const isBool = /Bool/i.test(operator.operator);
      for (const key of operator.keys) {
        // Keys the model fills from the principal and the resource (their ARNs, accounts, tags, organization) are
        // not the caller's: set in a probe they would stand for a principal it is not.
        if (isModelFilledKey(key.key)) continue;
        let set = values.get(key.key);
        if (!set) values.set(key.key, (set = new Set()));
        for (const v of key.values) for (const sample of conditionSamples(String(v.value))) set.add(sample);
        if (isBool) {
          set.add('true');
          set.add('false');
        }
      }
    }
  }
  const contexts: Record<string, ContextValue>[] = [{}];
  const together: Record<string, ContextValue> = {};
  for (const [key, set] of values) {
    for (const value of set) {
      if (contexts.length >= max - 1) break;
      contexts.push({ [key]: value });
      together[key] ??= value;
    }
  }
  if (Object.keys(together).length > 1) contexts.push(together);
  return contexts;
}

/**
 * Values that the condition value matches: wildcards filled; for a CIDR block, its first and its last address, so that
 * a block narrowed to a part that keeps its first address (`10.0.0.0/8` to `10.0.0.0/16`) still meets an address only
 * the wider one holds.
 */
function conditionSamples(value: string): string[] {
  const range = /^[0-9a-fA-F:.]+\/\d+$/.test(value) ? parseIpRange(value) : undefined;
  if (range !== undefined) return [formatIp(range.bytes, range.v6), formatIp(lastAddress(range.bytes, range.prefix), range.v6)];
  return [fillWildcards(value)];
}

/** The last address of a block: its host bits set. */
function lastAddress(bytes: Uint8Array, prefix: number): Uint8Array {
  const last = Uint8Array.from(bytes);
  for (let bit = prefix; bit < last.length * 8; bit++) last[bit >> 3] = (last[bit >> 3] as number) | (0x80 >> (bit & 7));
  return last;
}

function formatIp(bytes: Uint8Array, v6: boolean): string {
  if (!v6) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return groups.join(':');
}

/** Every service prefix of the ARNs given. */
export function servicesOf(arns: Iterable<string>): Set<string> {
  const services = new Set<string>();
  for (const arn of arns) {
    const service = arn.split(':')[2];
    if (service) services.add(service);
  }
  return services;
}

/**
 * Could any of the statements apply to this action and resource, whatever the principal and context? When none of
 * either version's statements could, the change cannot alter the decision, and no principal needs asking. Policy
 * variables count as wildcards here (a superset: it only saves work, never hides a change).
 */
export function couldApply(statements: readonly StatementNode[], action: string, resource: string): boolean {
  for (const statement of statements) {
    const m = matchersOf(statement);
    if (m.action(action) && m.resource(resource)) return true;
  }
  return false;
}

interface StatementMatchers {
  readonly action: (action: string) => boolean;
  readonly resource: (resource: string) => boolean;
}

const matcherCache = new WeakMap<StatementNode, StatementMatchers>();

/** The statement's Action/NotAction and Resource/NotResource as compiled matchers, built once per statement. */
function matchersOf(s: StatementNode): StatementMatchers {
  let m = matcherCache.get(s);
  if (m) return m;
  const compile = (items: readonly { value: string }[], caseInsensitive: boolean, loose: boolean) =>
    items.map((i) => compileWildcard(loose ? i.value.replace(/\$\{[^}]*\}/g, '*') : i.value, { caseInsensitive }));
  const any = (matchers: readonly ((v: string) => boolean)[], value: string) => matchers.some((match) => match(value));
  let action: (a: string) => boolean = () => false;
  if (s.action) {
    const list = compile(s.action.items, true, false);
    action = (a) => any(list, a);
  } else if (s.notAction) {
    const list = compile(s.notAction.items, true, false);
    action = (a) => !any(list, a);
  }
  let resource: (r: string) => boolean = () => true;
  if (s.resource) {
    // Policy variables count as wildcards: a superset, which only costs work, never hides a change.
    const list = compile(s.resource.items, false, true);
    resource = (r) => r === '*' || any(list, r);
  } else if (s.notResource) {
    // NotResource may exclude it only literally; an entry with a variable could go either way, so it could apply.
    const list = compile(
      s.notResource.items.filter((i) => !i.value.includes('${')),
      false,
      false,
    );
    resource = (r) => r === '*' || !any(list, r);
  }
  // Trust policies have no Resource: they apply to their role.
  m = { action, resource };
  matcherCache.set(s, m);
  return m;
}
