/**
 * Names an account model refers to by string: groups in a user's `groups`, account policies in `policies` and
 * `permissionsBoundary`, organization policies in an OU's `scps` and `rcps`. For completion of a name and for
 * go-to-definition from a reference to the key that defines it, in the same file.
 */
import { findNodeAtOffset, getNodePath, type Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';

export type ReferenceKind = 'group' | 'policy' | 'organizationPolicy';

export interface NameDefinition {
  readonly name: string;
  /** The defining key, quotes included. */
  readonly span: Span;
}

export interface ModelReference {
  readonly kind: ReferenceKind;
  /** The string as written so far, and its span (quotes included). */
  readonly value: string;
  readonly span: Span;
  /** Every name of that kind the model defines where the reference can see it. */
  readonly definitions: readonly NameDefinition[];
}

/** Names every SCP list may use without defining them: AWS attaches FullAWSAccess by default. */
const BUILT_IN_SCPS = ['FullAWSAccess'];

function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

function definitions(object: JsonNode | undefined): NameDefinition[] {
  if (object?.type !== 'object') return [];
  return (object.children ?? []).flatMap((p) => {
    const key = p.children?.[0];
    return key && typeof key.value === 'string' ? [{ name: key.value, span: { offset: key.offset, length: key.length } }] : [];
  });
}

/** The reference under `offset` in a model's tree, if the string there names a group or policy. */
export function modelReferenceAt(tree: JsonNode | undefined, offset: number): ModelReference | undefined {
  if (!tree) return undefined;
  const node = findNodeAtOffset(tree, offset, true);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  // Property keys are definitions, not references.
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) return undefined;
  const path = getNodePath(node);
  const span = { offset: node.offset, length: node.length };
  const reference = (kind: ReferenceKind, defs: NameDefinition[]): ModelReference => ({ kind, value: node.value as string, span, definitions: defs });
  if (path[0] === 'accounts' && typeof path[1] === 'string') {
    const account = child(child(tree, 'accounts'), path[1]);
    const [, , section, , field, index] = path;
    if (section === 'users' && field === 'groups' && typeof index === 'number') return reference('group', definitions(child(account, 'groups')));
    const holders = ['users', 'groups', 'roles'];
    if (
      typeof section === 'string' &&
      holders.includes(section) &&
      ((field === 'policies' && typeof index === 'number') || (field === 'permissionsBoundary' && path.length === 5))
    ) {
      return reference('policy', definitions(child(account, 'policies')));
    }
    return undefined;
  }
  if (path[0] === 'organization' && path.length >= 3) {
    const list = path[path.length - 2];
    if ((list === 'scps' || list === 'rcps') && typeof path[path.length - 1] === 'number') {
      const defined = definitions(child(child(tree, 'organization'), 'policies'));
      const builtIn =
        list === 'scps' ? BUILT_IN_SCPS.filter((n) => !defined.some((d) => d.name === n)).map((name) => ({ name, span: { offset: -1, length: 0 } })) : [];
      return reference('organizationPolicy', [...defined, ...builtIn]);
    }
  }
  return undefined;
}

/** Where the name a reference holds is defined, when the model defines it (not for built-in names). */
export function definitionOf(reference: ModelReference): NameDefinition | undefined {
  return reference.definitions.find((d) => d.name === reference.value && d.span.offset >= 0);
}
