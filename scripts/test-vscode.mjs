// @ts-check
// test/vscode: the extension's flows inside VS Code desktop with @vscode/test-electron and mocha. That needs a VS Code
// download, which many machines (these included) cannot do: when no VS Code is cached and the download site does not
// answer within a few seconds, the suite is SKIPPED with the reason printed, and this exits 0. test/e2e covers the
// same flows in the real workbench through code-server.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cachePath = join(root, '.cache', 'vscode-test');

function skip(reason) {
  console.log(`test-vscode: SKIPPED: ${reason}`);
  console.log('test-vscode: the same flows run in the real VS Code workbench by test/e2e (code-server).');
  process.exit(0);
}

function reachable(url, ms) {
  return new Promise((resolveProbe) => {
    const req = request(url, { method: 'HEAD', timeout: ms }, (res) => {
      res.resume();
      resolveProbe(true);
    });
    req.on('timeout', () => {
      req.destroy();
      resolveProbe(false);
    });
    req.on('error', () => resolveProbe(false));
    req.end();
  });
}

// Type-check the suite first, even where it cannot run, so that it does not rot on machines without VS Code desktop.
const check = spawnSync('npx', ['tsc', '-p', 'test/vscode'], { cwd: root, stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

const cached = existsSync(cachePath) && readdirSync(cachePath).some((name) => name.startsWith('vscode-'));
if (!cached && !(await reachable('https://update.code.visualstudio.com/api/releases/stable', 4000))) {
  skip('no VS Code in .cache/vscode-test and update.code.visualstudio.com is unreachable (no internet), so VS Code desktop cannot be downloaded');
}
if (process.platform === 'linux' && !process.env.DISPLAY) {
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
  if (xvfb.status !== 0) skip('no display ($DISPLAY unset) and no xvfb-run to provide one for VS Code desktop');
  const again = spawnSync('xvfb-run', ['-a', 'node', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

// Build the extension and bundle the suite (mocha stays external: it is in node_modules).
const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const outDir = join(root, 'out', 'vscode-test');
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: readdirSync(join(root, 'test/vscode'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, 'test/vscode', f)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});

const { runTests } = await import('@vscode/test-electron');
const temp = mkdtempSync(join(tmpdir(), 'iam-lab-vscode-'));
const workspace = join(temp, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
if (existsSync(join(root, 'schemas'))) cpSync(join(root, 'schemas'), join(temp, 'schemas'), { recursive: true });
let status = 0;
try {
  await runTests({
    cachePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outDir, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(temp, 'user-data')],
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // A failed download is the same situation as no network: report it as a skip, not as a broken extension.
  if (!cached && /download|ENOTFOUND|ECONN|ETIMEDOUT|getaddrinfo|socket/i.test(message)) skip(`VS Code could not be downloaded (${message})`);
  console.error(`test-vscode: ${message}`);
  status = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(status);
