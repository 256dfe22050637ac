/**
 * Finds the folder that holds the generated data (`catalog/`, `managed-policies/`): the `out/` folder beside
 * package.json. The same code runs from three layouts, and walking up from this file covers all of them:
 *   out/bundle/server.js, out/bundle/cli.js          (bundles: the data is in the parent folder)
 *   out/js/server/src/node/dataRoot.js              (one-to-one transpile used by the unit tests)
 *   <extension>/out/bundle/*.js                     (the installed .vsix: same layout as out/)
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** True when `dir` holds generated data, judged by the catalog index that the build always writes. */
function holdsData(dir: string): boolean {
  return existsSync(join(dir, 'catalog', 'index.json'));
}

/**
 * The data folder, found by walking up from `start` (default: this file's folder). Throws with a hint to build when
 * there is none: that is a broken installation, not bad user input.
 */
export function dataRoot(start: string = __dirname): string {
  if (start === __dirname && cached !== undefined) return cached;
  let dir = start;
  for (;;) {
    if (holdsData(dir)) return remember(start, dir);
    const out = join(dir, 'out');
    if (holdsData(out)) return remember(start, out);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`IAM Policy Lab: generated data (catalog/index.json) not found above ${start}; run \`npm run build\` first.`);
}

function remember(start: string, dir: string): string {
  if (start === __dirname) cached = dir;
  return dir;
}
