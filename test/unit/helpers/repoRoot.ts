/**
 * The repository root for tests: the nearest folder above this file whose package.json is named "iam-policy-lab".
 * Works from the transpiled tests in out/js/test/unit/** and from the sources alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function repoRoot(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'iam-policy-lab') {
          cached = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json is not ours: keep walking.
      }
    }
    if (dirname(dir) === dir) throw new Error(`repository root (package.json "iam-policy-lab") not found above ${__dirname}`);
  }
}
