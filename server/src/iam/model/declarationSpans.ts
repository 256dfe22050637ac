import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';

/**
 * Where a user or role of an account model is declared, with the groups a user is in: the parts of the model file a
 * request by that principal depends on besides its policies, so a problem inside them can be named beside the
 * answer. Empty for principals the model file does not declare (account roots, exports).
 */
export function principalDeclarationSpans(modelText: string, principal: { readonly accountId: string; readonly kind: string; readonly name: string }): Span[] {
  const tree = parseTree(modelText, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (!tree) return [];
  const section = principal.kind === 'user' ? 'users' : principal.kind === 'role' ? 'roles' : undefined;
  if (section === undefined) return [];
  const node = findNodeAtLocation(tree, ['accounts', principal.accountId, section, principal.name]);
  if (!node) return [];
  const spans: Span[] = [spanOf(node)];
  for (const group of findNodeAtLocation(node, ['groups'])?.children ?? []) {
    if (typeof group.value !== 'string') continue;
    const declared = findNodeAtLocation(tree, ['accounts', principal.accountId, 'groups', group.value]);
    if (declared) spans.push(spanOf(declared));
  }
  return spans;
}

function spanOf(node: JsonNode): Span {
  // The property, key included, so a problem reported at the key counts too.
  const target = node.parent?.type === 'property' ? node.parent : node;
  return { offset: target.offset, length: target.length };
}
