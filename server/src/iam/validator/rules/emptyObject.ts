// `"Principal": {}` names nobody; `"Condition": {}` (or an operator with no keys) constrains nothing.
import { nodeSpan } from '../documentUtils';
import type { Rule } from '../rule';

export const emptyObject: Rule = {
  id: 'emptyObject',
  defaultSeverity: 'info',
  awsCode: 'EMPTY_OBJECT_CONDITION',
  description: 'An empty Principal, NotPrincipal or Condition object, or a condition operator with no keys.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.principal, statement.notPrincipal]) {
        const value = element?.property.value;
        if (value?.type !== 'object' || (value.children?.length ?? 0) > 0) continue;
        context.report(nodeSpan(value), `${element?.property.key} is empty and names nobody, so this statement never applies. Name the principals.`, {
          awsCode: 'EMPTY_OBJECT_PRINCIPAL',
          unnecessary: true,
        });
      }
      const condition = statement.condition?.property.value;
      if (condition?.type === 'object' && (condition.children?.length ?? 0) === 0) {
        context.report(nodeSpan(condition), 'The Condition block is empty and has no effect. Add conditions or remove it.', { unnecessary: true });
      }
      for (const operator of statement.condition?.operators ?? []) {
        const block = operator.property.value;
        if (block?.type !== 'object' || (block.children?.length ?? 0) > 0) continue;
        context.report(nodeSpan(block), `The ${operator.operator} condition has no keys and has no effect. Add a key and values, or remove it.`, {
          unnecessary: true,
        });
      }
    }
  },
};
