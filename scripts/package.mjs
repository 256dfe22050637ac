// @ts-check
// `npm run package`: makes a self-contained .vsix with @vscode/vsce (offline). The bundles in out/ carry every
// dependency, so the package ships no node_modules (--no-dependencies). Prints the path of the .vsix it wrote.
// Usage: node scripts/package.mjs [--out FILE]   (the build must have run: `npm run package` does it first)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Packages the extension; returns the .vsix path or throws with the reason. */
export function packageVsix(outFile) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const required = ['out/bundle/extension.js', 'out/bundle/server.js', 'out/webview/main.js', 'out/webview/styles.css', 'out/catalog/index.json'];
  const missing = required.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) throw new Error(`missing build output: ${missing.join(', ')} (run npm run build)`);
  const target = resolve(outFile ?? join(root, 'out', `${pkg.name}-${pkg.version}.vsix`));
  mkdirSync(dirname(target), { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--no-update-package-json', '--out', target];
  // Without a repository field vsce cannot rewrite README links to a web address: leave them relative.
  if (!pkg.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  if (!existsSync(join(root, 'LICENSE'))) args.push('--skip-license');
  const result = spawnSync('node', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !existsSync(target)) throw new Error(`vsce package failed (exit ${result.status})`);
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    console.log(packageVsix(i > 0 ? process.argv[i + 1] : undefined));
  } catch (error) {
    console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
