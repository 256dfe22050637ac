/**
 * textDocument/foldingRange: every object and array that spans more than one line, at most MAX_FOLDING_RANGES of them
 * (VS Code folds no more than 5,000 regions by default, so more would only be sent to be dropped). A large policy
 * file, which has no tree, folds its statements, from its outline.
 */
import type { FoldingRange } from 'vscode-languageserver';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../../iam/span';
import type { StatementOutline } from '../../iam/parser';
import { toPosition } from '../convert';
import type { ParsedDocument } from '../documents';

export const MAX_FOLDING_RANGES = 5000;

export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const visit = (node: JsonNode): void => {
    if (ranges.length >= MAX_FOLDING_RANGES) return;
    if (node.type === 'object' || node.type === 'array') addRange(doc, ranges, node);
    for (const child of node.children ?? []) visit(child);
  };
  if (doc.tree !== undefined) visit(doc.tree);
  return ranges;
}

/** A large policy file's folding: the whole document and each statement. */
export function outlineFoldingRanges(doc: ParsedDocument, outline: StatementOutline): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  if (outline.root !== undefined) addRange(doc, ranges, outline.root);
  for (const statement of outline.statements) {
    if (ranges.length >= MAX_FOLDING_RANGES) break;
    addRange(doc, ranges, statement.span);
  }
  return ranges;
}

function addRange(doc: ParsedDocument, ranges: FoldingRange[], span: Span): void {
  const start = toPosition(doc, span.offset).line;
  const end = toPosition(doc, span.offset + span.length).line;
  // Keep the closing bracket visible: fold up to the line before it.
  if (end - 1 > start) ranges.push({ startLine: start, endLine: end - 1 });
}
