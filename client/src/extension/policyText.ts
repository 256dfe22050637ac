/** Small readings of policy JSON on the client side (CodeLens positions, prefill values); the server does the rest. */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';

export interface StatementInfo {
  readonly offset: number;
  readonly length: number;
  readonly index: number;
  readonly action?: string;
  readonly resource?: string;
  readonly conditionKeys: readonly string[];
}

function firstString(node: JsonNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.value as string;
  if (node.type === 'array') return node.children?.find((c) => c.type === 'string')?.value as string | undefined;
  return undefined;
}

function property(node: JsonNode, name: string): JsonNode | undefined {
  const prop = node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === name);
  return prop?.children?.[1];
}

/** The statements of a policy text (a `Statement` array, or a single statement object), with what a request needs. */
export function statementsOf(text: string): StatementInfo[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return [];
  const statement = findNodeAtLocation(root, ['Statement']);
  const nodes = statement?.type === 'array' ? (statement.children ?? []) : statement?.type === 'object' ? [statement] : [];
  return nodes
    .filter((n) => n.type === 'object')
    .map((n, index) => {
      const condition = property(n, 'Condition');
      const keys: string[] = [];
      for (const op of condition?.children ?? []) {
        for (const key of op.children?.[1]?.children ?? []) {
          const name = key.children?.[0]?.value;
          if (typeof name === 'string' && !keys.includes(name)) keys.push(name);
        }
      }
      const action = firstString(property(n, 'Action'));
      const resource = firstString(property(n, 'Resource'));
      return {
        offset: n.offset,
        length: n.length,
        index,
        ...(action !== undefined ? { action } : {}),
        ...(resource !== undefined ? { resource } : {}),
        conditionKeys: keys,
      };
    });
}
