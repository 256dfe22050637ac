/**
 * textDocument/documentLink: in account models and test files, every string that names a JSON file (a policy file,
 * an authorization-details export, the model of a test file) links to that file, resolved as the loader resolves it.
 */
import type { DocumentLink } from 'vscode-languageserver';
import type { Node as JsonNode } from 'jsonc-parser';
import type { FileAccess } from '../context';
import { toRange } from '../convert';
import type { ParsedDocument } from '../documents';
import { pathToUri, uriToPath } from '../uris';

export function documentLinks(doc: ParsedDocument, files: FileAccess): DocumentLink[] {
  if ((doc.kind !== 'model' && doc.kind !== 'test') || doc.tree === undefined) return [];
  const from = uriToPath(doc.uri);
  const links: DocumentLink[] = [];
  const visit = (node: JsonNode): void => {
    // Property values only: keys are names, never files.
    if (node.type === 'property') {
      const value = node.children?.[1];
      if (value !== undefined) visit(value);
      return;
    }
    if (node.type === 'string' && typeof node.value === 'string' && /\.jsonc?$/i.test(node.value) && !node.value.includes('\n')) {
      links.push({
        range: toRange(doc, { offset: node.offset + 1, length: Math.max(0, node.length - 2) }),
        target: pathToUri(files.resolve(from, node.value)),
        tooltip: 'Open the file',
      });
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(doc.tree);
  return links;
}
