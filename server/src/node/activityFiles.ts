// Reading CloudTrail logs from disk for the core: files and folders of them, plain or gzip-compressed (as CloudTrail
// delivers them to S3), handed over as text. The core never touches the file system or zlib.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeFsError, readRegularFile } from './regularFile';

/** A decompressed log larger than this is refused: a five-minute CloudTrail file is a few megabytes. */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;
/** Files taken from folders; more is almost surely the wrong folder, and is said so rather than read for hours. */
export const MAX_LOG_FILES = 100_000;

const LOG_NAME = /\.(json|jsonl|ndjson)(\.gz)?$/i;

export interface LogFiles {
  readonly files: readonly string[];
  /** One line per argument or entry that could not be used; the others are still read. */
  readonly errors: readonly string[];
}

/**
 * Files named are taken as they are; folders are walked (sorted, each real folder once, dot-entries skipped) for
 * `*.json`, `*.jsonl`, `*.ndjson`, each optionally `.gz`.
 */
export function collectLogFiles(paths: readonly string[]): LogFiles {
  const files: string[] = [];
  const errors: string[] = [];
  const visited = new Set<string>();
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      errors.push(`${path}: ${describeFsError(error)}`);
      continue;
    }
    if (stats.isFile()) {
      files.push(path);
      continue;
    }
    if (!stats.isDirectory()) {
      errors.push(`${path}: not a regular file or folder`);
      continue;
    }
    const stack = [path];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      let names: string[];
      try {
        const real = realpathSync(dir);
        if (visited.has(real)) continue;
        visited.add(real);
        names = readdirSync(dir).sort();
      } catch (error) {
        errors.push(`${dir}: cannot read folder: ${describeFsError(error)}`);
        continue;
      }
      const subfolders: string[] = [];
      for (const name of names) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const full = join(dir, name);
        let entry;
        try {
          entry = statSync(full);
        } catch {
          continue;
        }
        if (entry.isDirectory()) subfolders.push(full);
        else if (entry.isFile() && LOG_NAME.test(name)) {
          if (files.length >= MAX_LOG_FILES) {
            errors.push(`${path}: more than ${MAX_LOG_FILES} log files; the rest were not read`);
            return { files, errors };
          }
          files.push(full);
        }
      }
      stack.push(...subfolders.reverse());
    }
  }
  return { files, errors };
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
      return { ok: false, error: code === 'ERR_BUFFER_TOO_LARGE' ? `decompresses to more than ${formatBytes(maxBytes)}` : `not a readable gzip file: ${error instanceof Error ? error.message : String(error)}` };
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
