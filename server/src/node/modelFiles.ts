// Node file access for account models and test files: the `ModelHost` the core loader takes as a parameter.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ManagedPolicyLookup, ModelHost } from '../iam/model/modelTypes';

/** Files larger than this are refused rather than read: no account model or export comes close. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * A `ModelHost` over the file system. Paths in models are relative to the file that names them; the managed
 * policy snapshot, when given, resolves `arn:aws:iam::aws:policy/…` references.
 */
export function createNodeModelHost(managedPolicies?: ManagedPolicyLookup): ModelHost {
  return {
    readFile(path: string): string | { error: string } {
      try {
        const stat = statSync(path);
        if (stat.isDirectory()) return { error: 'it is a folder, not a file' };
        // Reading a FIFO or a device would block forever: only regular files are models or policies.
        if (!stat.isFile()) return { error: 'it is not a regular file' };
        if (stat.size > MAX_FILE_BYTES) return { error: `the file is ${Math.round(stat.size / 1048576)} MB, more than the 512 MB limit` };
        const text = readFileSync(path, 'utf8');
        // A byte order mark is not JSON; editors on Windows write one.
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      } catch (error) {
        return { error: describeError(error) };
      }
    },
    resolve(fromFile: string, relative: string): string {
      return isAbsolute(relative) ? relative : resolve(dirname(fromFile), relative);
    },
    ...(managedPolicies ? { managedPolicies } : {}),
  };
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
