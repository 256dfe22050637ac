import type { ModelHost, WindowsWanted } from './modelTypes';

/**
 * The host with one file's text replaced: the model as it would load with another version of that file (the base
 * version of a changed policy, for the no-new-access diff). `samePath` says when a path the loader asks for is that
 * file (the command line resolves relative paths first; the language server's are absolute already).
 */
export function hostWithFile(host: ModelHost, file: string, text: string, samePath: (path: string, file: string) => boolean = (a, b) => a === b): ModelHost {
  return {
    ...host,
    readFile: (path) => (samePath(path, file) ? text : host.readFile(path)),
    resolve: (from, relative) => host.resolve(from, relative),
    // The replaced file is its text here, not what the file system holds.
    ...(host.openWindows
      ? { openWindows: (path: string, wanted: WindowsWanted) => (samePath(path, file) ? undefined : host.openWindows?.(path, wanted)) }
      : {}),
  };
}
