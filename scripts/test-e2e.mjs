// @ts-check
// End-to-end in the real VS Code workbench: builds, packages the .vsix, makes sure Chromium and code-server are
// installed (scripts/ensure*.mjs), copies examples/ to a temporary workspace (the tests edit files), starts
// code-server on 127.0.0.1 with the .vsix installed, runs test/e2e with node's runner, and always stops the server
// it started. Screenshots go to out/screenshots/; with --update-screenshots (`npm run screenshots`) to
// docs/screenshots/, the README's illustrations, so a test run leaves the checkout clean.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensureChromium.mjs';
import { ensureCodeServer, startCodeServer } from './ensureCodeServer.mjs';
import { packageVsix } from './package.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const step = (text) => console.log(`e2e: ${text}`);

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
step('packaging the .vsix');
const vsix = packageVsix(join(root, 'out', 'e2e', 'iam-policy-lab.vsix'));
if (!ensureChromium()) process.exit(1);
if (!ensureCodeServer()) process.exit(1);

const temp = mkdtempSync(join(tmpdir(), 'iam-lab-e2e-'));
const workspace = join(temp, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
// Examples point at ../schemas/*.json for their $schema: keep that relation in the copy.
if (existsSync(join(root, 'schemas'))) cpSync(join(root, 'schemas'), join(temp, 'schemas'), { recursive: true });
const screenshots = process.argv.includes('--update-screenshots') ? join(root, 'docs', 'screenshots') : join(root, 'out', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let server;
let status = 1;
const stopAll = async () => {
  if (server) await server.stop();
  server = undefined;
  rmSync(temp, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopAll().then(() => process.exit(130)));
function runTests(files, env) {
  const child = spawn('node', ['--test', '--test-concurrency=1', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, IAM_LAB_E2E_WORKSPACE: workspace, IAM_LAB_SCREENSHOTS: screenshots, ...env },
  });
  return new Promise((resolveRun) => child.on('exit', (code) => resolveRun(code ?? 1)));
}

try {
  const dir = join(root, 'out/js/test/e2e');
  const file = (name) => join(dir, name);
  const logs = [];
  // 1. The trusted workbench: everything a user does, in one session.
  step('starting code-server');
  server = await startCodeServer({ vsix, workspace, dataDir: join(temp, 'code-server'), log: (line) => logs.push(line) });
  step(`workbench at ${server.folderUrl}`);
  // Then the newcomer's first hour, in a workspace the test writes itself beside the examples' copy.
  status = await runTests([file('extension.test.js'), file('firstHour.test.js')], { IAM_LAB_E2E_URL: server.folderUrl });
  // Then CloudTrail, after the others: its replay adds items to the Testing view that their counts must not see.
  const activity = await runTests([file('activity.test.js')], { IAM_LAB_E2E_URL: server.folderUrl });
  if (status === 0) status = activity;
  await server.stop();
  server = undefined;
  // 2. Restricted mode: a fresh copy of the examples in a workbench that asks for trust.
  if (status === 0) {
    const untrusted = join(temp, 'untrusted', 'examples');
    cpSync(join(root, 'examples'), untrusted, { recursive: true });
    step('starting code-server with workspace trust enabled');
    server = await startCodeServer({ vsix, workspace: untrusted, dataDir: join(temp, 'code-server-untrusted'), trust: false, log: (line) => logs.push(line) });
    status = await runTests([file('restricted.test.js')], { IAM_LAB_E2E_RESTRICTED_URL: server.folderUrl, IAM_LAB_E2E_WORKSPACE: untrusted });
  }
  if (status !== 0 && process.env.IAM_LAB_E2E_LOGS) console.log(logs.join('\n'));
} catch (error) {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  status = 1;
} finally {
  await stopAll();
}
process.exit(status);
