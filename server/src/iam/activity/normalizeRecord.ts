import { isObject } from './logText';

/**
 * CloudTrail Lake and Athena exports name the record's fields in lower case (`eventsource`, `useridentity`) and often
 * carry nested fields as JSON text (`requestparameters: "{\"bucketName\":…}"`). This brings such a row to the
 * field names of a delivered log record, so one mapping reads every shape.
 */
const CANONICAL: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'eventSource',
    'eventName',
    'eventTime',
    'eventType',
    'eventCategory',
    'userIdentity',
    'requestParameters',
    'resources',
    'awsRegion',
    'sourceIPAddress',
    'errorCode',
    'errorMessage',
    'recipientAccountId',
    'vpcEndpointId',
    'tlsDetails',
    'userAgent',
    'accountId',
    'sessionContext',
    'sessionIssuer',
    'attributes',
    'mfaAuthenticated',
    'invokedBy',
    'principalId',
    'arn',
    'type',
    'userName',
    'eventID',
    'readOnly',
    'managementEvent',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Fields that may arrive as JSON text in an export. */
const JSON_TEXT_FIELDS = new Set(['userIdentity', 'requestParameters', 'resources', 'tlsDetails', 'sessionContext']);

export function normalizeRecord(record: Record<string, unknown>, depth = 0): Record<string, unknown> {
  // Delivered log records already have the canonical names: skip the copy for them (the common, bulk case).
  if (
    depth === 0 &&
    typeof record.eventName === 'string' &&
    typeof record.eventSource === 'string' &&
    (record.requestParameters === undefined || record.requestParameters === null || isObject(record.requestParameters))
  )
    return record;
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    const name = key === 'ARN' || key === 'arn' ? key : (CANONICAL[key.toLowerCase()] ?? key);
    let value = raw;
    if (typeof value === 'string' && JSON_TEXT_FIELDS.has(name) && /^\s*[[{]/.test(value)) {
      try {
        value = JSON.parse(value);
      } catch {
        // Left as text: the mapping then reports the field as unusable, naming the record.
      }
    }
    if (depth < 3 && isObject(value) && name !== 'requestParameters') value = normalizeRecord(value, depth + 1);
    if (depth < 3 && Array.isArray(value)) value = value.map((item: unknown) => (isObject(item) ? normalizeResource(item) : item));
    out[name] = value;
  }
  return out;
}

/** `resources[]` entries: `{ "ARN", "accountId", "type" }`, in whatever case the export used. */
function normalizeResource(entry: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) out[key.toLowerCase() === 'arn' ? 'ARN' : key] = value;
  return out;
}
