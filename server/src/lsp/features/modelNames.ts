/**
 * Completion and go-to-definition for the names account models and test files refer to: groups, account and
 * organization policies in a model (iam/assist/modelReferences.ts), and a test's `principal` (the principals of the
 * loaded model, service principals included).
 */
import { findNodeAtOffset, getNodePath } from 'jsonc-parser';
import { CompletionItemKind, type CompletionItem, type Location, type Position } from 'vscode-languageserver';
import { definitionOf, modelReferenceAt, type ReferenceKind } from '../../iam/assist';
import { toOffset, toRange } from '../convert';
import type { ParsedDocument } from '../documents';
import type { RequesterChoice } from './models';

/** What the loaded model tells about the principals a test file names. */
export interface PrincipalLookup {
  requesterChoices(): readonly RequesterChoice[];
  principalDeclaration(arn: string): Location | undefined;
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
    return principals.requesterChoices().map((p) => ({
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
  if (principal) return principals.principalDeclaration(principal.value) ?? null;
  if (doc.kind !== 'model' || doc.tree === undefined) return null;
  const reference = modelReferenceAt(doc.tree, toOffset(doc, position));
  const definition = reference ? definitionOf(reference) : undefined;
  return definition ? { uri: doc.uri, range: toRange(doc, definition.span) } : null;
}
