// Node file access for account models and test files: the `ModelHost` the core loader takes as a parameter.
import { isAscii } from 'node:buffer';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ManagedPolicyLookup, ModelHost } from '../iam/model';
import { openFileWindows } from './fileWindows';
import { readRegularFile, utf16Problem } from './regularFile';

/**
 * A `ModelHost` over the file system. Paths in models are relative to the file that names them; the managed
 * policy snapshot, when given, resolves `arn:aws:iam::aws:policy/…` references.
 */
export function createNodeModelHost(managedPolicies?: ManagedPolicyLookup): ModelHost {
  return {
    readFile(path: string): string | { error: string } {
      // Only regular files are models or policies: a FIFO or a device would block or never end.
      const read = readRegularFile(path);
      if (!read.ok) return { error: read.error === 'no such file or folder' ? 'no such file' : read.error };
      return textOfFile(read.bytes);
    },
    resolve(fromFile: string, relative: string): string {
      return isAbsolute(relative) ? relative : resolve(dirname(fromFile), relative);
    },
    openWindows: openFileWindows,
    ...(managedPolicies ? { managedPolicies } : {}),
  };
}

/** The text of a model or policy file's bytes, or why they are no text a model reads (UTF-16). */
export function textOfFile(bytes: Buffer): string | { error: string } {
  const utf16 = utf16Problem(bytes);
  if (utf16 !== undefined) return { error: utf16 };
  // Bytes all ASCII read the same as Latin-1, which decodes by copying: a 50 MB export is read a quarter faster.
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // A byte order mark is not JSON; editors on Windows write one.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
