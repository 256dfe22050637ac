// @ts-check
// The simulator panel alone in headless Chromium (test/webview): makes sure Debian's Chromium is there, builds,
// and runs the tests with node's own runner. Called by scripts/test.mjs; `node scripts/test-webview.mjs` alone works too.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensureChromium.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
if (!ensureChromium()) {
  console.error('test-webview: Chromium is required (apt-get install chromium) and could not be installed.');
  process.exit(1);
}
const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const dir = join(root, 'out/js/test/webview');
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => join(dir, f))
  : [];
if (files.length === 0) {
  console.error('test-webview: no tests found in out/js/test/webview');
  process.exit(1);
}
const run = spawnSync('node', ['--test', '--test-concurrency=1', ...files], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
