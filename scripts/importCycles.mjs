// @ts-check
// Lists import cycles among our TypeScript modules and fails when there is one (part of the lint stage of npm test).
// A cycle makes a module run before the one it imports has finished loading, and tangles two concerns: the fix is to
// move what both sides need into a third module. Type-only imports (`import type`) are erased by the compiler and
// cannot cause the first problem, but they still count: they are the second.
// Usage: node scripts/importCycles.mjs [--runtime]  (--runtime: ignore type-only imports)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runtimeOnly = process.argv.includes('--runtime');
const folders = ['server/src', 'client/src', 'test'];

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return name === 'data' || name === 'node_modules' ? [] : sources(full);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
    });
}

/** `./x` from `dir` → the .ts file it names (x.ts or x/index.ts), or undefined for a package or a missing file. */
function resolveImport(dir, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dir, specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

// Static imports and re-exports (`import … from`, `export … from`, a bare `import '…'`), `import('…')` and
// `require('…')`. Comments are blanked first so that an example in a comment is not an import.
const IMPORT = /\b(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** @param {string} text */
function withoutComments(text) {
  return text.replace(
    /\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g,
    (match, before) => (before ?? '') + match.slice((before ?? '').length).replace(/[^\n]/g, ' '),
  );
}

/** @type {Map<string, string[]>} */
const graph = new Map();
for (const file of folders.flatMap((f) => sources(join(root, f)))) {
  const text = withoutComments(readFileSync(file, 'utf8'));
  const targets = new Set();
  for (const m of text.matchAll(IMPORT)) {
    // `import { type A, type B } from` is type-only too.
    const typeOnly = m[2] !== undefined || (m[1] !== undefined && /^\s*(import|export)\s*\{\s*(type\s+[\w$]+\s*(as\s+[\w$]+\s*)?,?\s*)+\}/.test(m[0]));
    if (runtimeOnly && typeOnly) continue;
    const target = resolveImport(dirname(file), m[3] ?? m[4] ?? '');
    if (target && target !== file) targets.add(target);
  }
  graph.set(file, [...targets]);
}

// Tarjan's strongly connected components: every component with more than one module holds a cycle.
let counter = 0;
/** @type {Map<string, number>} */ const index = new Map();
/** @type {Map<string, number>} */ const low = new Map();
/** @type {string[]} */ const stack = [];
const onStack = new Set();
/** @type {string[][]} */ const components = [];
/** @param {string} v */
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (low.get(w))));
    } else if (onStack.has(w)) low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (index.get(w))));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = /** @type {string} */ (stack.pop());
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of graph.keys()) if (!index.has(v)) connect(v);

/** One shortest cycle through `start` inside its component, for the message. */
function cycleThrough(start, members) {
  /** @type {Map<string, string>} */
  const previous = new Map();
  const queue = [start];
  while (queue.length) {
    const v = /** @type {string} */ (queue.shift());
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(/** @type {string} */ (previous.get(path[0])));
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const name = (file) => relative(root, file);
if (components.length === 0) {
  console.log(`no import cycles among ${graph.size} modules${runtimeOnly ? ' (type-only imports ignored)' : ''}`);
} else {
  for (const component of components) {
    console.error(`import cycle among ${component.length} modules: ${cycleThrough(component[0], new Set(component)).map(name).join(' → ')}`);
    if (component.length > 2) console.error(`  (the whole tangle: ${component.map(name).join(', ')})`);
  }
  console.error('Move what both sides need into a module of its own (scripts/importCycles.mjs says why).');
  process.exitCode = 1;
}
