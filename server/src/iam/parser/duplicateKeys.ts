import type { Node as JsonNode } from 'jsonc-parser';
import type { ParseProblem } from './policyTree';

/**
 * Reports every repeated key of every object. JSON parsers keep the last value silently; IAM rejects the document,
 * and a user who wrote two `Condition` blocks almost never meant one to vanish. Iterative, so depth cannot overflow.
 */
export function findDuplicateKeys(root: JsonNode, problems: ParseProblem[]): void {
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as JsonNode;
    if (node.type === 'object' && node.children) {
      const seen = new Map<string, JsonNode>();
      for (const property of node.children) {
        const keyNode = property.children?.[0];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const first = seen.get(keyNode.value);
        if (first) {
          problems.push({
            kind: 'duplicateKey',
            message: `Duplicate key '${keyNode.value}': AWS rejects a policy with the same key twice in one object; merge the two or remove one.`,
            span: { offset: keyNode.offset, length: keyNode.length },
          });
        } else {
          seen.set(keyNode.value, keyNode);
        }
      }
    }
    if (node.children) for (const child of node.children) stack.push(child);
  }
}
