import type { ContextValue } from './types';

/**
 * Keys AWS puts in a request only when a service calls another on a resource's behalf (the global condition keys
 * reference: `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`): a user's or role's own
 * request never carries them. A context that gives them for a bulk question (who-can, a diff's probes) speaks for
 * service principals only.
 */
const SERVICE_ONLY_KEY = /^aws:source(arn|account|orgid|orgpaths)$/i;

export function isServiceOnlyKey(key: string): boolean {
  return SERVICE_ONLY_KEY.test(key);
}

/** The context as a principal can send it: without the service-only keys, unless it is a service principal. */
export function contextAsSent(
  context: Readonly<Record<string, ContextValue>> | undefined,
  isService: boolean,
): Readonly<Record<string, ContextValue>> | undefined {
  if (context === undefined || isService || !Object.keys(context).some(isServiceOnlyKey)) return context;
  return Object.fromEntries(Object.entries(context).filter(([key]) => !isServiceOnlyKey(key)));
}
