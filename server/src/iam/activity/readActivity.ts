import type { Catalog } from '../catalog/types';
import type { ActivityRead, ActivityRequest, UnmappedRecord } from './activityTypes';
import { readLogText } from './logText';
import { recordToRequest } from './recordToRequest';

/**
 * A log file's text → its requests and its unmapped records. `file` is the name reports use. The edge (Node) reads
 * and decompresses the file; this sees text only.
 */
export function readActivity(catalog: Catalog, file: string, text: string): ActivityRead {
  const raw = readLogText(text);
  const requests: ActivityRequest[] = [];
  const unmapped: UnmappedRecord[] = [];
  if (raw.error) return { requests, unmapped, fileError: raw.error };
  for (const bad of raw.badLines) unmapped.push({ origin: { file, index: bad.index }, reason: bad.message });
  const badIndexes = new Set(raw.badLines.map((b) => b.index));
  let index = 0;
  for (const { value, line } of raw.records) {
    // In a JSON-lines file, the index counts lines that were records; bad lines were counted above with theirs.
    while (badIndexes.has(index)) index++;
    const mapped = recordToRequest(catalog, value, { file, index });
    if ('request' in mapped) requests.push(mapped.request);
    else unmapped.push(line !== undefined ? { ...mapped.unmapped, reason: `${mapped.unmapped.reason} (line ${line})` } : mapped.unmapped);
    index++;
  }
  if (raw.truncated)
    unmapped.push({ origin: { file, index }, reason: 'the file has more records than can be read at once; the rest were not read (split the file)' });
  return { requests, unmapped };
}
