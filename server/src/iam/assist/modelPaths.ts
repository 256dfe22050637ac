/**
 * Paths that account models and test files hold (docs/formats.md, sections 2 and 3): a policy document given as a
 * `.json` file, a model's `template`, an account's `templates` or `authorizationDetails` export, a test file's `model` and its session
 * policies. Completion offers the workspace's files that fit the place, written relative to the document's folder as
 * the loader resolves them. Paths here are `/`-separated; the edge lists the files.
 */
import { findNodeAtOffset, getNodePath, type Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';

/** What a path at that place must name. */
export type PathKind = 'policy' | 'template' | 'authorizationDetails' | 'model';

export interface PathSlot {
  readonly kind: PathKind;
  /** The string as written so far, and its span (quotes included). */
  readonly value: string;
  readonly span: Span;
}

export interface PathCompletion {
  /** Relative to the document's folder: `./policies/dev.json`, `../org/scp.json`, `./infra` (a folder). */
  readonly path: string;
  readonly kind: PathKind;
  /** A Terraform folder (its .tf files are one module) rather than a file. */
  readonly folder?: true;
}

/** More would be a list nobody scrolls; the nearest files come first. */
const MAX_COMPLETIONS = 200;

const MODEL_FILE = /\.iam-model\.jsonc?$/i;
const TEST_FILE = /\.iam-test\.jsonc?$/i;
const JSON_FILE = /\.jsonc?$/i;
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;
const YAML_TEMPLATE_FILE = /\.(ya?ml|template)$/i;
const TERRAFORM_FILE = /\.tf$/i;

/** The path slot under `offset` in a model's or test file's tree, if the string there is one. */
export function pathSlotAt(tree: JsonNode | undefined, offset: number, document: 'model' | 'test'): PathSlot | undefined {
  if (!tree) return undefined;
  const node = findNodeAtOffset(tree, offset, true);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  // Property keys are names, not paths.
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) return undefined;
  const kind = document === 'model' ? modelPathKind(getNodePath(node)) : testPathKind(getNodePath(node));
  return kind === undefined ? undefined : { kind, value: node.value, span: { offset: node.offset, length: node.length } };
}

/**
 * Every string of a model's or test file's tree that is a path (the places pathSlotAt knows), in document order: what
 * the editor links to its file. Walked once with the path kept, so a large model costs one pass.
 */
export function pathStrings(tree: JsonNode | undefined, document: 'model' | 'test'): PathSlot[] {
  const found: PathSlot[] = [];
  const kindOf = document === 'model' ? modelPathKind : testPathKind;
  const path: (string | number)[] = [];
  const visit = (node: JsonNode): void => {
    if (node.type === 'string' && typeof node.value === 'string') {
      const kind = kindOf(path);
      if (kind !== undefined) found.push({ kind, value: node.value, span: { offset: node.offset, length: node.length } });
      return;
    }
    (node.children ?? []).forEach((child, index) => {
      if (node.type === 'object') {
        // A property: its key is a name, its value is visited under that key.
        const [key, value] = child.children ?? [];
        if (typeof key?.value !== 'string' || value === undefined) return;
        path.push(key.value);
        visit(value);
      } else if (node.type === 'array') {
        path.push(index);
        visit(child);
      } else return;
      path.pop();
    });
  };
  if (tree) visit(tree);
  return found;
}

function modelPathKind(path: readonly (string | number)[]): PathKind | undefined {
  const [first, second, third, fourth, fifth, sixth] = path;
  if (path.length === 1 && first === 'template') return 'template';
  if (path.length === 3 && first === 'organization' && second === 'policies') return 'policy';
  if (first !== 'accounts' || typeof second !== 'string') return undefined;
  if (path.length === 3 && third === 'authorizationDetails') return 'authorizationDetails';
  // An account's `templates`: each entry a path, or an object with its `path` (and region).
  if (third === 'templates' && typeof fourth === 'number' && (path.length === 4 || (path.length === 5 && fifth === 'path'))) return 'template';
  if (path.length === 4 && third === 'policies') return 'policy';
  const holder = third === 'users' || third === 'groups' || third === 'roles';
  if (path.length === 6 && holder && fifth === 'inlinePolicies' && typeof sixth === 'string') return 'policy';
  if (path.length === 5 && third === 'roles' && fifth === 'trustPolicy') return 'policy';
  if (path.length === 5 && third === 'resources' && fifth === 'policy' && typeof fourth === 'string') return 'policy';
  return undefined;
}

function testPathKind(path: readonly (string | number)[]): PathKind | undefined {
  if (path.length === 1 && path[0] === 'model') return 'model';
  if (path.length === 4 && path[0] === 'tests' && path[2] === 'sessionPolicies' && typeof path[3] === 'number') return 'policy';
  return undefined;
}

function fits(kind: PathKind, file: string): boolean {
  switch (kind) {
    case 'model':
      return MODEL_FILE.test(file);
    case 'template':
      return TEMPLATE_FILE.test(file) && !MODEL_FILE.test(file) && !TEST_FILE.test(file);
    case 'policy':
    case 'authorizationDetails':
      return JSON_FILE.test(file) && !MODEL_FILE.test(file) && !TEST_FILE.test(file);
  }
}

/**
 * The files of `files` (absolute, `/`-separated) that fit the slot, relative to `documentFolder`, nearest first (fewer
 * `../`, then fewer folders), then by name; the document itself is left out. Where a template fits, a folder of .tf
 * files is offered once as the Terraform module it is, not file by file (the loader reads a .tf file with its folder).
 * A test's model offers the account models first, then the templates and Terraform folders it can also name.
 */
export function pathCompletions(slot: PathSlot, document: string, files: readonly string[]): PathCompletion[] {
  const folder = document.slice(0, document.lastIndexOf('/'));
  const candidates = files.filter((file) => file !== document);
  const near = (paths: Iterable<string>, asFolder = false): string[] =>
    [...paths]
      // A folder is written as a file inside it would be, less that file: `.` for the document's own folder.
      .map((path) => (asFolder ? relativePath(folder, `${path}/_`).slice(0, -2) : relativePath(folder, path)))
      .sort((a, b) => ups(a) - ups(b) || depth(a) - depth(b) || a.localeCompare(b));
  const asFiles = (paths: Iterable<string>): PathCompletion[] => near(paths).map((path) => ({ path, kind: slot.kind }));
  const asFolders = (paths: Iterable<string>): PathCompletion[] => near(paths, true).map((path) => ({ path, kind: slot.kind, folder: true }));
  let offered: PathCompletion[];
  if (slot.kind === 'template') {
    offered = [...asFiles(candidates.filter((file) => fits('template', file))), ...asFolders(terraformFolders(candidates))];
  } else if (slot.kind === 'model') {
    const templates = candidates.filter((file) => YAML_TEMPLATE_FILE.test(file) && fits('template', file));
    offered = [...asFiles(candidates.filter((file) => fits('model', file))), ...asFolders(terraformFolders(candidates)), ...asFiles(templates)];
  } else {
    offered = asFiles(candidates.filter((file) => fits(slot.kind, file)));
  }
  return offered.slice(0, MAX_COMPLETIONS);
}

/** The folders holding .tf files, each once. */
function terraformFolders(files: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files) if (TERRAFORM_FILE.test(file)) folders.add(file.slice(0, file.lastIndexOf('/')));
  return folders;
}

/** `./x` inside the folder, `../x` beside it, as a user writes a path that the loader resolves against the file. */
export function relativePath(fromFolder: string, to: string): string {
  const from = fromFolder.split('/').filter((p) => p !== '');
  const target = to.split('/').filter((p) => p !== '');
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  const up = from.length - common;
  const rest = target.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

function ups(path: string): number {
  return path.split('../').length - 1;
}

function depth(path: string): number {
  return path.split('/').length;
}
