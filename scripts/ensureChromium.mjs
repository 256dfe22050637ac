// @ts-check
// Makes sure Debian's Chromium is installed at /usr/bin/chromium, for the webview tests and the e2e tests.
// playwright-core drives it; we never let Playwright download a browser (these machines cannot).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const chromiumPath = process.env.IAM_LAB_CHROMIUM ?? '/usr/bin/chromium';

/** The flags verified on these machines (see the real-vscode recipe). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  return result.status === 0;
}

/** Installs chromium with apt when missing. Returns the executable path, or undefined with a reason printed. */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return chromiumPath;
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  console.log('Installing chromium with apt-get (once per machine)…');
  const apt = (...args) => (sudo.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args));
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  process.env.DEBIAN_FRONTEND = env.DEBIAN_FRONTEND;
  if (!apt('install', '-y', '--no-install-recommends', 'chromium')) {
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'chromium');
  }
  if (existsSync(chromiumPath)) return chromiumPath;
  console.error(`chromium is not available at ${chromiumPath} and apt-get could not install it.`);
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(ensureChromium() ? 0 : 1);
}
