// Turns the command line's files and folders into the list of files to check, and reads them as strict UTF-8.
import { readFileSync } from 'node:fs';
import { walkPaths, type WalkedFile, type WalkError } from '../node/folderWalk';
import { describeFsError, readRegularFile, utf16Problem } from '../node/regularFile';

/** The argument that stands for standard input, as in most Unix tools. */
export const STDIN = '-';

/** A file to check; `explicit` when named on the command line (always checked), not found by walking a folder. */
export type InputFile = WalkedFile;

export interface CollectResult {
  readonly files: readonly InputFile[];
  /** The arguments or entries that could not be used (missing, an unreadable folder); the walk went on. */
  readonly errors: readonly WalkError[];
}

/**
 * Files named directly are taken as they are (and `-`, standard input); folders are walked (folderWalk.ts: sorted,
 * bounded, symlink-safe, dot-entries and `node_modules` skipped) for policy and template files (`WALKED_EXTENSIONS`).
 */
export function collectInputFiles(paths: readonly string[]): CollectResult {
  const files: InputFile[] = [];
  const errors: WalkError[] = [];
  // Standard input keeps its place among the paths; the rest are walked in runs between its mentions.
  let run: string[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile): void => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    files.push(file);
  };
  const walk = (): void => {
    const walked = walkPaths(run, { accept: (name) => WALKED_EXTENSIONS.some((extension) => name.endsWith(extension)) });
    for (const file of walked.files) add(file);
    errors.push(...walked.errors);
    run = [];
  };
  for (const path of paths) {
    if (path !== STDIN) run.push(path);
    else {
      walk();
      add({ path, explicit: true });
    }
  }
  walk();
  return { files, errors };
}

/** What a folder walk takes: policies and models (.json), templates (.json, .yaml, .yml, .template), Terraform (.tf). */
const WALKED_EXTENSIONS = ['.json', '.yaml', '.yml', '.template', '.tf'];

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file as UTF-8. A file with a NUL byte is reported as binary, and bytes that are not UTF-8 are reported with
 * the offset of the first bad byte, instead of silently turning into U+FFFD. A leading byte-order mark is dropped.
 */
export function readTextFile(path: string): ReadResult {
  let bytes: Uint8Array;
  if (path === STDIN) {
    try {
      bytes = readFileSync(0);
    } catch (error) {
      return { ok: false, error: describeFsError(error) };
    }
  } else {
    const read = readRegularFile(path);
    if (!read.ok) return read;
    bytes = read.bytes;
  }
  const utf16 = utf16Problem(bytes);
  if (utf16 !== undefined) return { ok: false, error: utf16 };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, error: `binary file (NUL byte at offset ${nul}), not a JSON policy` };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, error: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save the file as UTF-8` };
  }
}

/** The offset of the first byte that breaks UTF-8, for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}
