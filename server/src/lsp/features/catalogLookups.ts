/**
 * The simulator's action field asks the server what the catalog knows (suggestActions, describeAction), so the
 * catalog is loaded once, by the server, and the extension host carries none of it.
 */
import type { Catalog } from '../../iam/catalog';
import type { ServerContext } from '../context';
import {
  ErrorCodes,
  Requests,
  type ActionDescription,
  type DescribeActionParams,
  type DescribeActionResult,
  type ModelContextKeyInfo,
  type SuggestActionsParams,
  type SuggestActionsResult,
  type Suggestion,
} from '../protocol';
import { RequestFailure, runSafe } from '../runSafe';

/** Enough to fill a drop-down; the user types more to narrow it. */
const SUGGESTION_LIMIT = 200;

export function registerCatalogLookups(ctx: ServerContext): void {
  const { connection, logger, runtime } = ctx;

  connection.onRequest(Requests.suggestActions, (params: SuggestActionsParams, token) =>
    runSafe<SuggestActionsResult>(logger, { context: 'suggestActions', token }, () => {
      const text = requireText(params?.text, 'text');
      const modelActions = Array.isArray(params.modelActions) ? params.modelActions.filter((a): a is string => typeof a === 'string') : [];
      return suggestActions(runtime.catalog, text, modelActions);
    }),
  );

  connection.onRequest(Requests.describeAction, (params: DescribeActionParams, token) =>
    runSafe<DescribeActionResult>(logger, { context: 'describeAction', token }, () => describeAction(runtime.catalog, requireText(params?.action, 'action'))),
  );
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new RequestFailure(ErrorCodes.badInput, `${name} must be a string.`);
  return value;
}

/** `s3:Get` → the s3 actions starting with Get; `s3` or `ec` → service prefixes; the model's actions come first. */
export function suggestActions(catalog: Catalog, text: string, modelActions: readonly string[]): Suggestion[] {
  const typed = text.trim().toLowerCase();
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  const add = (s: Suggestion): void => {
    if (out.length < SUGGESTION_LIMIT && !seen.has(s.value.toLowerCase())) {
      seen.add(s.value.toLowerCase());
      out.push(s);
    }
  };
  for (const action of modelActions) {
    if (action.toLowerCase().startsWith(typed) && !action.includes('*')) add({ value: action, detail: 'used in the model' });
  }
  const colon = typed.indexOf(':');
  if (colon === -1) {
    for (const service of catalog.services()) {
      if (service.prefix.startsWith(typed)) add({ value: `${service.prefix}:`, detail: service.name });
    }
  } else {
    const name = typed.slice(colon + 1);
    for (const action of catalog.actions(typed.slice(0, colon))) {
      if (action.name.toLowerCase().startsWith(name)) add({ value: `${action.service}:${action.name}`, detail: action.accessLevel });
    }
  }
  return out;
}

/** The action's resource ARN formats (partition `aws`, each once) and every condition key it supports. */
export function describeAction(catalog: Catalog, action: string): ActionDescription {
  const [prefix = '', name = ''] = action.trim().split(':');
  const info = catalog.action(prefix, name);
  if (!info) return { action, known: false, resourceTemplates: [], wildcardOnly: false, conditionKeys: [] };
  const templates = new Set<string>();
  const keyNames = new Set<string>(info.conditionKeys);
  for (const rt of info.resourceTypes) {
    const type = catalog.resourceType(info.service, rt.name);
    for (const format of type?.arnFormats ?? []) templates.add(format.replace('${Partition}', 'aws'));
    for (const key of [...(type?.conditionKeys ?? []), ...rt.conditionKeys]) keyNames.add(key);
  }
  const conditionKeys: ModelContextKeyInfo[] = [...keyNames].map((key) => {
    const keyInfo = catalog.conditionKey(key);
    return keyInfo ? { key, type: keyInfo.type, multiValued: keyInfo.multiValued, description: keyInfo.description } : { key, multiValued: false };
  });
  return {
    action: `${info.service}:${info.name}`,
    known: true,
    resourceTemplates: [...templates],
    wildcardOnly: info.resourceTypes.length === 0,
    conditionKeys,
  };
}
