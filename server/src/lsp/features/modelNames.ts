/**
 * Completion and go-to-definition for the names account models and test files refer to: groups, account and
 * organization policies in a model (iam/assist/modelReferences.ts), a test's `principal` (the principals of the
 * loaded model, service principals included), and the files they name (iam/assist/modelPaths.ts).
 */
import { findNodeAtLocation, findNodeAtOffset, getNodePath } from 'jsonc-parser';
import type { CompletionItem, Location, Position } from 'vscode-languageserver';
import { CompletionItemKind } from '../lspValues';
import { definitionOf, modelReferenceAt, pathCompletions, pathSlotAt, type PathKind, type ReferenceKind } from '../../iam/assist';
import { toOffset, toRange } from '../convert';
import type { ParsedDocument } from '../documents';
import { uriToPath } from '../uris';
import type { RequesterChoice, TestModel } from './models';

/** What the loaded model tells about the principals a test file names, and the files a path may name. */
export interface PrincipalLookup {
  requesterChoices(test?: TestModel): readonly RequesterChoice[];
  principalDeclaration(arn: string, test?: TestModel): Location | undefined;
  /** The workspace's files (absolute, `/`-separated) a path in this document may name; none when unknown. */
  filesNear?(document: string): readonly string[];
}

const PATH_DETAIL: Record<PathKind, string> = {
  policy: 'policy document',
  template: 'template',
  authorizationDetails: 'authorization-details export',
  model: 'account model',
};

/** Files that fit the path under the cursor, relative to the document, when the cursor is in a path. */
function pathItems(doc: ParsedDocument, offset: number, files: PrincipalLookup): CompletionItem[] | undefined {
  if (doc.kind !== 'model' && doc.kind !== 'test') return undefined;
  const slot = pathSlotAt(doc.tree, offset, doc.kind);
  if (!slot) return undefined;
  const path = uriToPath(doc.uri).split('\\').join('/');
  const range = toRange(doc, slot.span);
  return pathCompletions(slot, path, files.filesNear?.(path) ?? []).map((c, i) => ({
    label: c.path,
    kind: c.folder ? CompletionItemKind.Folder : CompletionItemKind.File,
    detail: c.folder ? 'Terraform folder' : PATH_DETAIL[c.kind],
    // Nearest first, as pathCompletions orders them; the range includes the quotes, so the filter text does too.
    sortText: String(i).padStart(4, '0'),
    filterText: JSON.stringify(c.path),
    textEdit: { range, newText: JSON.stringify(c.path) },
  }));
}

/** The model a test file names, as written (relative to the file); undefined when it names none. */
function testModelOf(doc: ParsedDocument): TestModel | undefined {
  if (doc.kind !== 'test' || doc.tree === undefined) return undefined;
  const node = findNodeAtLocation(doc.tree, ['model']);
  return node?.type === 'string' && typeof node.value === 'string' && node.value !== '' ? { uri: doc.uri, model: node.value } : undefined;
}

/** The string under `offset` when it is a test's `principal` value. */
function testPrincipalAt(doc: ParsedDocument, offset: number): { value: string; offset: number; length: number } | undefined {
  if (doc.kind !== 'test' || doc.tree === undefined) return undefined;
  const node = findNodeAtOffset(doc.tree, offset, true);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  const path = getNodePath(node);
  if (path.length !== 3 || path[0] !== 'tests' || path[2] !== 'principal') return undefined;
  return { value: node.value, offset: node.offset, length: node.length };
}

const DETAIL: Record<ReferenceKind, string> = {
  group: 'group of this account',
  policy: 'policy of this account',
  organizationPolicy: 'policy of the organization',
};

/** Completion items for a name at `position`, or undefined when the position is not at a name. */
export function modelNameCompletions(doc: ParsedDocument, position: Position, principals: PrincipalLookup): CompletionItem[] | undefined {
  if (doc.tree === undefined) return undefined;
  const offset = toOffset(doc, position);
  const paths = pathItems(doc, offset, principals);
  if (paths) return paths;
  if (doc.kind === 'model') {
    const reference = modelReferenceAt(doc.tree, offset);
    if (!reference) return undefined;
    const range = toRange(doc, reference.span);
    return reference.definitions.map((d) => ({
      label: d.name,
      kind: CompletionItemKind.Reference,
      detail: DETAIL[reference.kind],
      // The range includes the quotes, so the filter text does too.
      filterText: JSON.stringify(d.name),
      textEdit: { range, newText: JSON.stringify(d.name) },
    }));
  }
  const principal = testPrincipalAt(doc, offset);
  if (principal) {
    const range = toRange(doc, principal);
    return principals.requesterChoices(testModelOf(doc)).map((p) => ({
      label: p.arn,
      kind: CompletionItemKind.Reference,
      detail: p.label,
      filterText: JSON.stringify(p.arn),
      textEdit: { range, newText: JSON.stringify(p.arn) },
    }));
  }
  return undefined;
}

/** From a group or policy name in a model to the key that defines it; from a test's principal to its declaration. */
export function modelNameDefinition(doc: ParsedDocument, position: Position, principals: PrincipalLookup): Location | null {
  const principal = testPrincipalAt(doc, toOffset(doc, position));
  if (principal) return principals.principalDeclaration(principal.value, testModelOf(doc)) ?? null;
  if (doc.kind !== 'model' || doc.tree === undefined) return null;
  const reference = modelReferenceAt(doc.tree, toOffset(doc, position));
  const definition = reference ? definitionOf(reference) : undefined;
  return definition ? { uri: doc.uri, range: toRange(doc, definition.span) } : null;
}
