/**
 * textDocument/documentLink: in account models and test files, every value that is a path (a policy file, an
 * authorization-details export, a template, the model of a test file: the places docs/formats.md says hold paths)
 * links to that file, resolved as the loader resolves it. Other strings are not links, whatever they end with (an S3
 * object ARN ending in `.json`). A Terraform folder is left without a link: an editor opens files, not folders.
 */
import type { DocumentLink } from 'vscode-languageserver';
import { pathStrings } from '../../iam/assist';
import type { FileAccess } from '../context';
import { toRange } from '../convert';
import type { ParsedDocument } from '../documents';
import { pathToUri, uriToPath } from '../uris';

export function documentLinks(doc: ParsedDocument, files: FileAccess): DocumentLink[] {
  if ((doc.kind !== 'model' && doc.kind !== 'test') || doc.tree === undefined) return [];
  const from = uriToPath(doc.uri);
  const links: DocumentLink[] = [];
  for (const slot of pathStrings(doc.tree, doc.kind)) {
    if (slot.value.trim() === '' || slot.value.includes('\n')) continue;
    const target = files.resolve(from, slot.value);
    if (files.terraformFiles?.(target) !== undefined) continue;
    links.push({
      range: toRange(doc, { offset: slot.span.offset + 1, length: Math.max(0, slot.span.length - 2) }),
      target: pathToUri(target),
      tooltip: 'Open the file',
    });
  }
  return links;
}
