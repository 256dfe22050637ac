// Reports keys that are not policy elements, at the top level and in statements. AWS element names are case-sensitive.
import { DOCUMENT_ELEMENTS, STATEMENT_ELEMENTS } from '../../parser/policyTree';
import type { PropertyNode } from '../../parser/policyTree';
import { replaceStringFix, suggestName } from '../elementNames';
import type { Rule, RuleContext } from '../rule';

export const unknownElement: Rule = {
  id: 'unknownElement',
  defaultSeverity: 'error',
  awsCode: 'INVALID_POLICY_ELEMENT',
  description: 'A key that is not a policy element (element names are case-sensitive: Effect, not effect).',
  check(context) {
    const document = context.document;
    if (!document) return;
    for (const property of document.properties) {
      if (!(DOCUMENT_ELEMENTS as readonly string[]).includes(property.key)) {
        reportUnknown(context, property, DOCUMENT_ELEMENTS, 'at the top level of a policy');
      }
    }
    for (const statement of document.statements) {
      for (const property of statement.properties) {
        if (!(STATEMENT_ELEMENTS as readonly string[]).includes(property.key)) {
          reportUnknown(context, property, STATEMENT_ELEMENTS, 'in a statement');
        }
      }
    }
  },
};

function reportUnknown(context: RuleContext, property: PropertyNode, known: readonly string[], where: string): void {
  const suggestion = suggestName(property.key, known);
  const allowed = known.join(', ');
  if (suggestion === undefined) {
    context.report(property.keySpan, `'${property.key}' is not a policy element ${where}. Allowed: ${allowed}.`);
    return;
  }
  const hint =
    suggestion.toLowerCase() === property.key.toLowerCase() ? `Element names are case-sensitive: write '${suggestion}'.` : `Did you mean '${suggestion}'?`;
  context.report(property.keySpan, `'${property.key}' is not a policy element ${where}. ${hint}`, {
    fixes: [replaceStringFix(`Rename to '${suggestion}'`, context.text, property.keySpan, suggestion)],
  });
}
