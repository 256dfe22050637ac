// @ts-check
// Lists the functions of server/src and client/src longer than a limit (default 80 lines), longest first: candidates
// for splitting where a name would explain a part. Usage: node scripts/longFunctions.mjs [LINES] [--fail]
// With --fail (the lint stage of npm test runs it with 100) any function over the limit fails the run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const failOver = args.includes('--fail');
const limit = Number(args.find((a) => a !== '--fail') ?? 80);

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return name === 'data' ? [] : sources(full);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
    });
}

/** @param {ts.Node} node */
function nameOf(node) {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.text ?? '(class)'}.constructor`;
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
  return '(anonymous)';
}

/** @type {{ file: string, line: number, lines: number, name: string }[]} */
const found = [];
for (const file of [...sources(join(root, 'server/src')), ...sources(join(root, 'client/src'))]) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > limit) found.push({ file: relative(root, file), line: start + 1, lines: end - start + 1, name: nameOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
found.sort((a, b) => b.lines - a.lines);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}`);
console.log(`${found.length} functions over ${limit} lines`);
if (failOver && found.length > 0) {
  console.log('Split them where a name would explain a part (docs/architecture.md, Habits).');
  process.exitCode = 1;
}
