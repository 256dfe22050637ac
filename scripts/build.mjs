// @ts-check
// Builds everything the extension, the language server, the CLI and the tests run from.
//   out/bundle/{cli,server,extension}.js   esbuild bundles (what ships in the .vsix and behind `bin`)
//   out/webview/                           the simulator panel's script and stylesheet (browser, no Node)
//   out/js/                                every TypeScript file transpiled one-to-one, for `node --test`
//   out/catalog/, out/managed-policies/    generated data, loaded lazily at run time
// Type checking is separate (`npm run typecheck`): esbuild only strips types, which keeps this step fast.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, cpSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCatalog } from './generate-catalog.mjs';
import { ensureManagedPolicies } from './generate-managed-policies.mjs';
import { writeCliCodeCache } from './codeCache.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'out');
const watch = process.argv.includes('--watch');

function walk(dir, accept) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'data') continue;
    if (statSync(full).isDirectory()) found.push(...walk(full, accept));
    else if (accept(full)) found.push(full);
  }
  return found;
}

await ensureCatalog({ root, quiet: true });
await ensureManagedPolicies({ root, quiet: true });
mkdirSync(out, { recursive: true });
copyGenerated('server/src/iam/catalog/data', 'catalog');
copyGenerated('server/src/iam/model/managedPolicies/data', 'managed-policies');
copyWasm();

/**
 * The HCL grammar for Terraform files runs in web-tree-sitter (WASM), loaded at run time by server/src/node/hclParser:
 * both .wasm files go to out/wasm/, beside the other data, so bundles, tests and the .vsix find them alike.
 */
function copyWasm() {
  mkdirSync(join(out, 'wasm'), { recursive: true });
  const files = [
    ['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
    ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'tree-sitter-terraform.wasm'],
  ];
  for (const [from, to] of files) {
    const target = join(out, 'wasm', to);
    if (!existsSync(target) || statSync(target).size !== statSync(join(root, from)).size) cpSync(join(root, from), target);
  }
}

/**
 * Copies generated data into out/ when it changed. The whole folder is replaced, so files of an older generation
 * never linger; an unchanged index means an unchanged generation, and then nothing is touched (cheap, and safe when
 * two builds run at once).
 */
function copyGenerated(from, to) {
  const source = join(root, from);
  const target = join(out, to);
  const same = ['index.json'].every((f) => existsSync(join(target, f)) && readFileSync(join(target, f), 'utf8') === readFileSync(join(source, f), 'utf8'));
  if (same) return;
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true, force: true });
}

// jsonc-parser's UMD entry requires './impl/format' at run time, which a bundle cannot see: prefer its ES module.
/** @type {esbuild.BuildOptions} */
const common = { bundle: true, sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'], target: 'node20' };
const nodeBundles = [
  // The command line: cli.js is a small entry that runs cli-main.js through V8's code cache (see codeCache.mjs).
  { in: 'server/src/cli/main.ts', out: 'bundle/cli-main.js' },
  { in: 'server/src/cli/startWithCodeCache.ts', out: 'bundle/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/lsp/main.ts', out: 'bundle/server.js' },
  { in: 'client/src/extension/main.ts', out: 'bundle/extension.js' },
].filter((b) => existsSync(join(root, b.in)));

/** @type {esbuild.BuildOptions[]} */
const builds = nodeBundles.map((b) => ({
  ...common,
  entryPoints: [join(root, b.in)],
  outfile: join(out, b.out),
  platform: 'node',
  format: 'cjs',
  external: ['vscode'],
  // web-tree-sitter's ES module build loads Node modules with import(), which the CLI's code-cached vm.Script
  // cannot run; its CommonJS build uses require().
  alias: { 'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs') },
  // Every start reads, decodes and loads the whole bundle: without whitespace and comments it is 30% smaller, and the
  // language server answers its first request about 20 ms sooner. Names stay as written, so that a stack trace in an
  // internal error reads as the code does, and lines are kept short, so that its places (and the line Node prints with
  // an uncaught error) stay readable; the source maps beside the bundles give the source lines. With the comments
  // gone, esbuild writes every non-ASCII character as an escape: V8 holds each bundle as a one-byte string.
  minifyWhitespace: true,
  minifySyntax: true,
  lineLimit: 200,
  ...(b.banner ? { banner: { js: b.banner } } : {}),
}));

if (existsSync(join(root, 'client/src/webview/main.ts'))) {
  builds.push({
    ...common,
    entryPoints: [join(root, 'client/src/webview/main.ts')],
    outfile: join(out, 'webview/main.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

// One-to-one transpile for the unit tests: fast, and stack traces point at real files.
const sources = [
  ...walk(join(root, 'server/src'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  ...walk(join(root, 'client/src/protocol'), (f) => f.endsWith('.ts')),
  ...walk(join(root, 'client/src/webview'), (f) => f.endsWith('.ts')),
  ...walk(join(root, 'test'), (f) => f.endsWith('.ts') && !f.includes(`${join('test', 'vscode')}`)),
];
// out/js is not wiped (builds may run side by side during development); scripts/test.mjs runs only the test files
// whose TypeScript source still exists, so a deleted test never runs from a stale copy.
builds.push({
  entryPoints: sources,
  outbase: root,
  outdir: join(out, 'js'),
  bundle: false,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Data modules the core imports (the catalog's corrections overlay) sit beside the transpiled files that require them.
  for (const file of walk(join(root, 'server/src/iam'), (f) => f.endsWith('.json') && !f.endsWith('tsconfig.json') && !f.includes(`${join('', 'data', '')}`))) {
    const target = join(out, 'js', file.slice(root.length + 1));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  if (existsSync(join(root, 'client/src/webview/styles.css'))) {
    mkdirSync(join(out, 'webview'), { recursive: true });
    cpSync(join(root, 'client/src/webview/styles.css'), join(out, 'webview/styles.css'));
  }
  await writeCliCodeCache(join(out, 'bundle'));
}
