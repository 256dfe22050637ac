// A file as it is at a git revision (`git show REV:./path`), for comparing a policy with its committed version.
// Runs git without a shell, in the file's folder, with a time and size limit.
import { execFileSync } from 'node:child_process';
import { basename, dirname } from 'node:path';

const MAX_BYTES = 16 * 1024 * 1024;

export function readFileAtRevision(file: string, revision: string): { readonly text: string } | { readonly absent: true } | { readonly error: string } {
  // A revision that starts with a dash would be read by git as an option.
  if (revision.startsWith('-') || /[\0\n]/.test(revision)) return { error: `'${revision}' is not a git revision` };
  try {
    const text = execFileSync('git', ['show', `${revision}:./${basename(file)}`], {
      cwd: dirname(file),
      encoding: 'utf8',
      maxBuffer: MAX_BYTES,
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      // git's own words, whatever the user's language: "does not exist in" is read below.
      env: { ...process.env, LC_ALL: 'C' },
    });
    return { text };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    // A revision that exists without the file: the file is new since (a pull request that adds a policy). Any other
    // failure (a time or size limit, an unreadable object) is an error, never taken for "absent".
    if (/does not exist in|exists on disk, but not in/.test(stderr ?? '') && isCommit(dirname(file), revision)) return { absent: true };
    return { error: stderr || (error instanceof Error ? error.message : String(error)) };
  }
}

function isCommit(folder: string, revision: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: folder, timeout: 30_000, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
