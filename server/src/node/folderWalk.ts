// The one folder walker of the command line and the language server: the files that `check` reads (policies,
// templates) and the CloudTrail logs that `replay`, `generate` and the editor's replay read are found the same way.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError } from './regularFile';

/** Files taken from folders; more is almost surely the wrong folder, and is said so rather than read for hours. */
export const MAX_WALKED_FILES = 100_000;

export interface WalkedFile {
  /** The path as the user will see it: as given, or the folder as given joined with the relative path inside it. */
  readonly path: string;
  /** True when the path was given (always taken), false when found by walking a folder. */
  readonly explicit: boolean;
}

/** An argument or entry that could not be used (missing, an unreadable folder), and why; the walk went on. */
export interface WalkError {
  readonly path: string;
  readonly reason: string;
}

/** `path: reason`, as a command prints it. */
export function walkErrorLine(error: WalkError): string {
  return `${error.path}: ${error.reason}`;
}

export interface WalkResult {
  readonly files: readonly WalkedFile[];
  readonly errors: readonly WalkError[];
}

export interface WalkOptions {
  /** Whether a file found in a folder is taken, by its name. */
  readonly accept: (name: string) => boolean;
  /** At most this many files (default MAX_WALKED_FILES); the walk stops there with an error line. */
  readonly maxFiles?: number;
}

/**
 * Files given are taken as they are; folders are walked in sorted order (a folder's files before its subfolders),
 * skipping `node_modules` and every entry whose name starts with a dot. Only regular files are taken from a walk (a
 * FIFO named `x.json` would block a read forever). The walk uses an explicit stack, so deep trees cannot overflow,
 * and enters each real folder once, so a symbolic link back up the tree (a loop) or two links to one folder are
 * walked once instead of until the path length limit. A file reached twice by the same path is taken once.
 */
export function walkPaths(paths: readonly string[], options: WalkOptions): WalkResult {
  const maxFiles = options.maxFiles ?? MAX_WALKED_FILES;
  const files: WalkedFile[] = [];
  const errors: WalkError[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const add = (path: string, explicit: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, explicit });
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      errors.push({ path, reason: describeFsError(error) });
      continue;
    }
    if (stats.isFile()) {
      add(path, true);
      continue;
    }
    if (!stats.isDirectory()) {
      errors.push({ path, reason: 'not a regular file or folder' });
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
        errors.push({ path: dir, reason: `cannot read folder: ${describeFsError(error)}` });
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
          // A broken link named like a wanted file is worth a line; anything else is not ours to report.
          if (options.accept(name)) errors.push({ path: full, reason: describeFsError(error) });
          continue;
        }
        if (entry.isDirectory()) subfolders.push(full);
        else if (entry.isFile() && options.accept(name)) {
          if (files.length >= maxFiles) {
            errors.push({ path, reason: `more than ${maxFiles} files; the rest were not read` });
            return { files, errors };
          }
          add(full, false);
        }
      }
      // Pushed in reverse so that folders are visited in sorted order.
      stack.push(...subfolders.reverse());
    }
  }
  return { files, errors };
}
