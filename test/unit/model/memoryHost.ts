/** An in-memory `ModelHost` for loader tests: files by absolute POSIX path, an optional fake managed-policy snapshot. */
import type { ManagedPolicyLookup, ModelHost } from '../../../server/src/iam/model/modelTypes';

export function memoryHost(files: Record<string, string>, managed: Record<string, string> = {}): ModelHost & { reads: string[] } {
  const reads: string[] = [];
  const managedPolicies: ManagedPolicyLookup = {
    text: (arn) => managed[arn],
    list: () => Object.keys(managed).map((arn) => ({ arn, name: arn.slice(arn.lastIndexOf('/') + 1) })),
  };
  return {
    reads,
    readFile(path) {
      reads.push(path);
      const text = files[path];
      return text === undefined ? { error: 'no such file' } : text;
    },
    resolve(fromFile, relative) {
      if (relative.startsWith('/')) return relative;
      const parts = fromFile.split('/').slice(0, -1);
      for (const part of relative.split('/')) {
        if (part === '.' || part === '') continue;
        if (part === '..') parts.pop();
        else parts.push(part);
      }
      return parts.join('/');
    },
    managedPolicies,
  };
}

export const ALLOW_S3_READ = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
export const DENY_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
