/**
 * A parsed HCL file as the core sees it: the syntax tree of a real HCL grammar (tree-sitter-hcl's Terraform dialect,
 * loaded at the edge from WASM), reduced to plain data: node type, span, named children. The core never loads the
 * grammar itself (it needs a WASM file); the edge hands it a parse function of this type.
 */
export interface HclNode {
  readonly type: string;
  /** UTF-16 offsets, as the rest of the core uses. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly HclNode[];
  /** A node the grammar could not fit (tree-sitter's ERROR) or had to invent (MISSING). */
  readonly error?: 'error' | 'missing';
}

export type HclParse = (text: string) => HclNode;

export function childOfType(node: HclNode | undefined, type: string): HclNode | undefined {
  return node?.children.find((child) => child.type === type);
}

export function childrenOfType(node: HclNode | undefined, type: string): HclNode[] {
  return node ? node.children.filter((child) => child.type === type) : [];
}
