/**
 * Loads the HCL grammar (tree-sitter-hcl's Terraform dialect, from @tree-sitter-grammars/tree-sitter-hcl) into
 * web-tree-sitter, both WASM, from out/wasm/ (the build copies them there), and hands the core a parse function that
 * returns plain nodes (see iam/templates/hclTree.ts). Loaded once per process, on first use: a run without .tf files
 * never pays for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { HclNode, HclParse } from '../iam/templates/index';
import { dataRoot } from './dataRoot';

let loading: Promise<HclParse> | undefined;

/** Bounded so that a pathological file cannot make the conversion recurse without end. */
const MAX_DEPTH = 400;

export function loadHclParser(): Promise<HclParse> {
  loading ??= load();
  return loading;
}

async function load(): Promise<HclParse> {
  // Required here, not imported: its loader script is 95 KB that a bundle would run at every start of the language
  // server, which needs it only once a .tf file opens.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Language, Parser } = require('web-tree-sitter') as typeof TreeSitter;
  const wasm = join(dataRoot(), 'wasm');
  // Bytes, not paths: web-tree-sitter would read a path with import('fs/promises'), which bundles run through the
  // CLI's code cache cannot do.
  await Parser.init({ wasmBinary: readFileSync(join(wasm, 'tree-sitter.wasm')), locateFile: (name: string) => join(wasm, name) });
  const language = await Language.load(readFileSync(join(wasm, 'tree-sitter-terraform.wasm')));
  const parser = new Parser();
  parser.setLanguage(language);
  return (text: string): HclNode => {
    const tree = parser.parse(text);
    if (!tree) return { type: 'config_file', start: 0, end: text.length, children: [], error: 'error' };
    try {
      return convert(tree.rootNode, 0);
    } finally {
      tree.delete();
    }
  };
}

function convert(node: TreeSitter.Node, depth: number): HclNode {
  const children: HclNode[] = [];
  if (depth < MAX_DEPTH) {
    for (const child of node.children) {
      if (child && (child.isNamed || child.isError || child.isMissing)) children.push(convert(child, depth + 1));
    }
  }
  const error = node.isError ? 'error' : node.isMissing ? 'missing' : undefined;
  return { type: node.type, start: node.startIndex, end: node.endIndex, children, ...(error ? { error } : {}) };
}
