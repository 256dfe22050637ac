// Turns the command line's files and folders into the list of files to check, and reads them as strict UTF-8.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError, readRegularFile } from '../node/regularFile';

/** The argument that stands for standard input, as in most Unix tools. */
export const STDIN = '-';

export interface InputFile {
  /** The path as the user will see it: as typed, or the folder as typed joined with the relative path inside it. */
  readonly path: string;
  /** True when the file was named on the command line (always checked), false when found by walking a folder. */
  readonly explicit: boolean;
}

export interface CollectResult {
  readonly files: readonly InputFile[];
  /** One line per argument or entry that could not be used (missing, unreadable folder); the walk went on. */
  readonly errors: readonly string[];
}

/**
 * Files named directly are taken as they are; folders are walked for policy and template files (`WALKED_EXTENSIONS`), in sorted order, skipping
 * `node_modules` and every folder or file whose name starts with a dot. Only regular files are taken from a walk (a
 * FIFO named `x.json` would block a read forever). The walk uses an explicit stack, so deep trees cannot overflow,
 * and enters each real folder once, so a symbolic link back up the tree (a loop) or two links to one folder are
 * walked once instead of until the path length limit.
 */
export function collectInputFiles(paths: readonly string[]): CollectResult {
  const files: InputFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (path: string, explicit: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, explicit });
  };
  for (const path of paths) {
    if (path === STDIN) {
      add(path, true);
      continue;
    }
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      errors.push(`${path}: ${describeFsError(error)}`);
      continue;
    }
    if (stats.isFile()) {
      add(path, true);
      continue;
    }
    if (!stats.isDirectory()) {
      errors.push(`${path}: not a regular file or folder`);
      continue;
    }
    const stack = [path];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      let real: string;
      try {
        real = realpathSync(dir);
      } catch (error) {
        errors.push(`${dir}: cannot read folder: ${describeFsError(error)}`);
        continue;
      }
      if (visited.has(real)) continue;
      visited.add(real);
      let names: string[];
      try {
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
        } catch (error) {
          if (WALKED_EXTENSIONS.some((extension) => name.endsWith(extension))) errors.push(`${full}: ${describeFsError(error)}`);
          continue;
        }
        if (entry.isDirectory()) subfolders.push(full);
        else if (entry.isFile() && WALKED_EXTENSIONS.some((extension) => name.endsWith(extension))) add(full, false);
      }
      // Push in reverse so that folders are visited in sorted order.
      stack.push(...subfolders.reverse());
    }
  }
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
