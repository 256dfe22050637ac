// @ts-check
// `npm test`: every suite, in order of cost. Each stage is a separate process; the run stops at the first failure.
// `pretest` has already built `out/`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);

function testFiles(dir) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...testFiles(full));
    else if (name.endsWith('.test.js') && existsSync(sourceOf(full))) found.push(full);
  }
  return found;
}

/** out/js/test/unit/x.test.js → test/unit/x.test.ts */
function sourceOf(built) {
  return join(root, built.slice(join(root, 'out/js').length + 1).replace(/\.js$/, '.ts'));
}

const stages = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  // Also lint: no import cycles among our modules.
  { name: 'lint', cmd: ['node', 'scripts/importCycles.mjs'] },
  { name: 'lint', cmd: ['node', 'scripts/longFunctions.mjs', '100', '--fail'] },
  // Layout: `npm run format` rewrites what this stage rejects (.prettierrc.json, .prettierignore).
  { name: 'format', cmd: ['npx', 'prettier', '--check', '.'] },
  { name: 'unit', cmd: ['node', '--test', '--test-concurrency=2', ...testFiles(join(root, 'out/js/test/unit'))] },
  // Hostile inputs (test/hostile/): each case runs the CLI or the server in a child with a heap cap and a kill timer.
  { name: 'hostile', cmd: ['node', '--test', '--test-concurrency=2', ...testFiles(join(root, 'out/js/test/hostile'))] },
  { name: 'webview', script: 'scripts/test-webview.mjs' },
  { name: 'e2e', script: 'scripts/test-e2e.mjs' },
  { name: 'vscode', script: 'scripts/test-vscode.mjs' },
];

for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  const cmd = stage.script ? (existsSync(join(root, stage.script)) ? ['node', stage.script] : undefined) : stage.cmd;
  if (!cmd) continue;
  console.log(`\n=== ${stage.name}: ${cmd.join(' ').slice(0, 120)}`);
  const started = Date.now();
  const result = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit' });
  console.log(`=== ${stage.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
