/** textDocument/foldingRange: every object and array that spans more than one line. */
import type { FoldingRange } from 'vscode-languageserver';
import type { Node as JsonNode } from 'jsonc-parser';
import { toPosition } from '../convert';
import type { ParsedDocument } from '../documents';

export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const visit = (node: JsonNode): void => {
    if (node.type === 'object' || node.type === 'array') {
      const start = toPosition(doc, node.offset).line;
      const end = toPosition(doc, node.offset + node.length).line;
      // Keep the closing bracket visible: fold up to the line before it.
      if (end - 1 > start) ranges.push({ startLine: start, endLine: end - 1 });
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (doc.tree !== undefined) visit(doc.tree);
  return ranges;
}
