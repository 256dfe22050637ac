// The files under a workspace folder, for completing the paths models and test files hold: bounded in count and
// depth, so a workspace with a huge tree (a checkout with vendored code) costs a fixed, small walk.
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Enough for any hand-written workspace of policies; a larger tree is cut, nearest folders first. */
export const MAX_LISTED_FILES = 2000;
const MAX_DEPTH = 6;
/** Folders no policy lives in, and the bulk of many trees. */
const SKIPPED = new Set(['node_modules', 'out', 'dist', 'cdk.out', 'build', 'target', 'vendor']);

/**
 * Files under `root`, breadth first (so a cut keeps the nearest files), as `/`-separated absolute paths. Hidden
 * entries and the folders above are skipped; symbolic links to folders are not followed (no cycles).
 */
export function listWorkspaceFiles(root: string, maxFiles = MAX_LISTED_FILES): string[] {
  const files: string[] = [];
  let level = [root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: nothing to offer from it
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED.has(entry.name)) next.push(full);
        } else if (entry.isFile()) {
          files.push(sep === '/' ? full : full.split(sep).join('/'));
          if (files.length >= maxFiles) return files;
        }
      }
    }
    level = next;
  }
  return files;
}
