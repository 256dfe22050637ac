import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { describeSyntaxError } from '../parser';
import { parsesAsJson } from '../parsesAsJson';

/**
 * The shapes CloudTrail activity arrives in, as text: a log file as CloudTrail delivers it to S3
 * (`{"Records": [ … ]}`), a JSON array of records, or JSON lines (one record per line, as CloudTrail Lake and Athena
 * query results are exported). Returns the raw record objects; turning them into requests is recordToRequest.ts.
 */

/** More records than this in one file are not read: CloudTrail delivers about five minutes of one region per file. */
export const MAX_RECORDS_PER_FILE = 2_000_000;

export interface RawRecords {
  /** Each record with the one-based line it starts on when known (JSON lines), for messages. */
  readonly records: readonly { readonly value: unknown; readonly line?: number }[];
  /** Lines of a JSON-lines file that are not JSON: each one is reported as an unmapped record, not fatal. */
  readonly badLines: readonly { readonly index: number; readonly line: number; readonly message: string }[];
  /** Why nothing could be read, naming the line. */
  readonly error?: string;
  readonly truncated?: boolean;
}

export function readLogText(text: string): RawRecords {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.search(/\S/);
  if (start < 0) return { records: [], badLines: [], error: 'the file is empty' };
  // A whole-file JSON value (the S3 delivery format, or an array) starts with `{"Records"` or `[`; a JSON-lines
  // export starts with `{` too, so try the whole file first and fall back to lines only when it has several.
  if (body[start] === '[' || /^\{\s*"Records"\s*:/.test(body.slice(start, start + 40))) return wholeFile(body);
  try {
    return fromValue(JSON.parse(body));
  } catch (error) {
    // JSON lines when the first line is a JSON value of its own; otherwise one broken JSON file, reported as such.
    const firstEnd = body.indexOf('\n', start);
    if (firstEnd < 0 || !parsesAsJson(body.slice(start, firstEnd))) return { records: [], badLines: [], error: `not JSON: ${jsonErrorAt(body, error)}` };
    return jsonLines(body);
  }
}

function wholeFile(body: string): RawRecords {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { records: [], badLines: [], error: `not JSON: ${jsonErrorAt(body, error)}` };
  }
  return fromValue(value);
}

function fromValue(value: unknown): RawRecords {
  let list: unknown;
  if (Array.isArray(value)) list = value;
  else if (isObject(value) && 'Records' in value) list = value.Records;
  else if (isObject(value) && ('eventName' in value || 'eventSource' in value || 'eventname' in value)) list = [value];
  else return { records: [], badLines: [], error: 'neither a CloudTrail log file ({"Records": [...]}) nor a record nor a list of records' };
  if (!Array.isArray(list)) return { records: [], badLines: [], error: '"Records" is not a list' };
  const truncated = list.length > MAX_RECORDS_PER_FILE;
  const records = (truncated ? list.slice(0, MAX_RECORDS_PER_FILE) : list).map((v: unknown) => ({ value: v }));
  return truncated ? { records, badLines: [], truncated } : { records, badLines: [] };
}

function jsonLines(body: string): RawRecords {
  const records: { value: unknown; line: number }[] = [];
  const badLines: { index: number; line: number; message: string }[] = [];
  let lineNumber = 0;
  let from = 0;
  let truncated = false;
  while (from <= body.length) {
    const end = body.indexOf('\n', from);
    const line = body.slice(from, end < 0 ? body.length : end);
    lineNumber++;
    from = end < 0 ? body.length + 1 : end + 1;
    if (line.trim() === '') continue;
    if (records.length + badLines.length >= MAX_RECORDS_PER_FILE) {
      truncated = true;
      break;
    }
    try {
      records.push({ value: JSON.parse(line), line: lineNumber });
    } catch (error) {
      badLines.push({
        index: records.length + badLines.length,
        line: lineNumber,
        message: `line ${lineNumber} is not JSON: ${jsonErrorAt(line, error).replace(/\(line 1, column/, '(column')}`,
      });
    }
  }
  return truncated ? { records, badLines, truncated } : { records, badLines };
}

/**
 * Where the JSON breaks, as `line L, column C` with jsonc-parser's name for the error: JSON.parse's own message has
 * no position in some forms and quotes the text (with its line breaks), which makes a poor one-line message.
 */
function jsonErrorAt(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return errorText(error).split('\n')[0] ?? 'invalid JSON';
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < first.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${describeSyntaxError(printParseErrorCode(first.error))} (line ${line}, column ${first.offset - lineStart + 1})`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
