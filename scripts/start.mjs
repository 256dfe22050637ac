// @ts-check
// `npm start`: opens the extension on examples/ in a real VS Code; `npm start -- <folder>` opens that folder instead.
// - With VS Code desktop installed (`code` on the PATH): `code --extensionDevelopmentPath=<repo> examples`.
// - Otherwise: the VS Code workbench in the browser (code-server, installed once into .cache/code-server, outside the
//   project's dependencies), with the packaged .vsix installed, at a printed http://127.0.0.1:PORT address.
//   Ctrl+C stops it. Set IAM_LAB_PORT to choose the port; `--browser` forces code-server even when `code` exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from './ensureCodeServer.mjs';
import { packageVsix } from './package.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The first argument that is not an option names the folder to open (relative to where npm was run).
const named = process.argv.slice(2).find((a) => !a.startsWith('--'));
const examples = named ? resolve(process.env.INIT_CWD ?? process.cwd(), named) : join(root, 'examples');
if (!existsSync(examples) || !statSync(examples).isDirectory()) {
  console.error(`npm start: ${examples} is not a folder.`);
  process.exit(2);
}

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0;
if (hasCode && !process.argv.includes('--browser')) {
  console.log(`Opening ${examples} in VS Code with the extension under development…`);
  const child = spawn('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!hasCode) console.log('VS Code desktop (`code`) is not installed: starting the VS Code workbench in the browser (code-server).');
  const vsix = packageVsix(join(root, 'out', 'start', 'iam-policy-lab.vsix'));
  const port = process.env.IAM_LAB_PORT ? Number(process.env.IAM_LAB_PORT) : undefined;
  const server = await startCodeServer({
    vsix,
    workspace: examples,
    dataDir: join(root, '.cache', 'code-server-data'),
    ...(port ? { port } : {}),
    log: (line) => {
      if (/error/i.test(line) && !/open-vsx|gallery|vsda/.test(line)) console.error(line);
    },
  });
  console.log(`\nIAM Policy Lab is running in VS Code at:\n\n    ${server.folderUrl}\n\nOpen it in a browser on this machine. Ctrl+C stops it.`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    console.log(`code-server exited (${code}).`);
    process.exit(code ?? 1);
  });
}
