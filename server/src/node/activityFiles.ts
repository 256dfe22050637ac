// Reading CloudTrail logs from disk for the core: files and folders of them, plain or gzip-compressed (as CloudTrail
// delivers them to S3), handed over as text. The core never touches the file system or zlib.
import { gunzipSync } from 'node:zlib';
import { walkErrorLine, walkPaths } from './folderWalk';
import { readRegularFile } from './regularFile';

/** A decompressed log larger than this is refused: a five-minute CloudTrail file is a few megabytes. */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;
const LOG_NAME = /\.(json|jsonl|ndjson)(\.gz)?$/i;

export interface LogFiles {
  readonly files: readonly string[];
  /** One line per argument or entry that could not be used; the others are still read. */
  readonly errors: readonly string[];
}

/**
 * Files named are taken as they are; folders are walked (folderWalk.ts: sorted, bounded, each real folder once,
 * dot-entries skipped) for `*.json`, `*.jsonl`, `*.ndjson`, each optionally `.gz`.
 */
export function collectLogFiles(paths: readonly string[]): LogFiles {
  const walked = walkPaths(paths, { accept: (name) => LOG_NAME.test(name) });
  return { files: walked.files.map((f) => f.path), errors: walked.errors.map(walkErrorLine) };
}

export type LogText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a log file, gunzipped when it is gzip (by its magic bytes, whatever its name), as strict UTF-8. Neither
 * the file nor what it decompresses to may exceed `maxBytes` (a gzip bomb stops there).
 */
export function readLogFile(path: string, maxBytes = MAX_LOG_BYTES): LogText {
  const read = readRegularFile(path, maxBytes);
  if (!read.ok) return read;
  let bytes: Uint8Array = read.bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      const code = (error as { code?: string }).code;
      return {
        ok: false,
        error:
          code === 'ERR_BUFFER_TOO_LARGE'
            ? `decompresses to more than ${formatBytes(maxBytes)}`
            : `not a readable gzip file: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  if (bytes.indexOf(0) >= 0) return { ok: false, error: `binary file (NUL byte at offset ${bytes.indexOf(0)}), not a CloudTrail log` };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, error: 'not valid UTF-8' };
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${bytes} bytes`;
}
