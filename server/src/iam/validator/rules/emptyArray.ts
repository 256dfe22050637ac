// An empty Action, Resource or principal list matches nothing: the statement has no effect.
import type { JsonNode } from '../../parser/policyTree';
import { nodeSpan } from '../documentUtils';
import type { Rule } from '../rule';

export const emptyArray: Rule = {
  id: 'emptyArray',
  defaultSeverity: 'info',
  awsCode: 'EMPTY_ARRAY_ACTION',
  description: 'An empty array in Action, Resource or a principal type, which makes the statement match nothing.',
  check(context) {
    const isEmptyArray = (node: JsonNode | undefined): node is JsonNode => node?.type === 'array' && (node.children?.length ?? 0) === 0;
    for (const statement of context.document?.statements ?? []) {
      for (const [element, awsCode, what] of [
        [statement.action, 'EMPTY_ARRAY_ACTION', 'actions'],
        [statement.resource, 'EMPTY_ARRAY_RESOURCE', 'resources'],
      ] as const) {
        const value = element?.property.value;
        if (!isEmptyArray(value)) continue;
        context.report(nodeSpan(value), `${element?.property.key} lists no ${what}, so this statement never applies. Add ${what} or remove the statement.`, {
          awsCode,
          unnecessary: true,
        });
      }
      for (const element of [statement.principal, statement.notPrincipal]) {
        for (const entry of element?.entries ?? []) {
          const value = entry.property.value;
          if (!isEmptyArray(value)) continue;
          context.report(nodeSpan(value), `The ${entry.type} principal list is empty and names nobody. Add principals or remove "${entry.type}".`, {
            awsCode: 'EMPTY_ARRAY_PRINCIPAL',
            unnecessary: true,
          });
        }
      }
    }
  },
};
