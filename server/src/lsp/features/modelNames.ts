/**
 * Completion and go-to-definition for the names account models and test files refer to: groups, account and
 * organization policies in a model (iam/assist/modelReferences.ts), and a test's `principal` (the principals of the
 * loaded model, service principals included).
 */
import { findNodeAtOffset, getNodePath } from 'jsonc-parser';
import { CompletionItemKind, type CompletionItem, type Location, type Position } from 'vscode-languageserver';
import { definitionOf, modelReferenceAt, type ReferenceKind } from '../../iam/assist';
import type { KnownPrincipal } from '../../iam/assist';
import { toOffset, toRange } from '../convert';
import type { ParsedDocument } from '../documents';

const DETAIL: Record<ReferenceKind, string> = {
  group: 'group of this account',
  policy: 'policy of this account',
  organizationPolicy: 'policy of the organization',
};

/** Completion items for a name at `position`, or undefined when the position is not at a name. */
export function modelNameCompletions(doc: ParsedDocument, position: Position, principals: readonly KnownPrincipal[]): CompletionItem[] | undefined {
  if (doc.tree === undefined) return undefined;
  const offset = toOffset(doc, position);
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
  if (doc.kind === 'test') {
    const node = findNodeAtOffset(doc.tree, offset, true);
    if (node?.type !== 'string') return undefined;
    const path = getNodePath(node);
    if (path.length !== 3 || path[0] !== 'tests' || path[2] !== 'principal') return undefined;
    const range = toRange(doc, { offset: node.offset, length: node.length });
    return principals.map((p) => ({
      label: p.arn,
      kind: CompletionItemKind.Reference,
      detail: `${p.name} (${p.kind}, ${p.accountId})`,
      filterText: JSON.stringify(p.arn),
      textEdit: { range, newText: JSON.stringify(p.arn) },
    }));
  }
  return undefined;
}

/** From a group or policy name in a model to the key that defines it. */
export function modelNameDefinition(doc: ParsedDocument, position: Position): Location | null {
  if (doc.kind !== 'model' || doc.tree === undefined) return null;
  const reference = modelReferenceAt(doc.tree, toOffset(doc, position));
  const definition = reference ? definitionOf(reference) : undefined;
  return definition ? { uri: doc.uri, range: toRange(doc, definition.span) } : null;
}
