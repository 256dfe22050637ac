// A trust policy applies to the role it belongs to, so it has no Resource.
import type { Rule } from '../rule';

export const trustPolicyResource: Rule = {
  id: 'trustPolicyResource',
  defaultSeverity: 'error',
  awsCode: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
  description: 'A role trust policy statement has a Resource or NotResource element.',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const property of statement.properties) {
        if (property.key !== 'Resource' && property.key !== 'NotResource') continue;
        context.report(property.keySpan, `A role trust policy applies to its own role and cannot have ${property.key}. Remove it.`, {
          fixes: [{ title: `Remove ${property.key}`, edits: [{ span: withComma(context.text, property.span), newText: '' }] }],
        });
      }
    }
  },
};

/** The property with the comma that separates it from its neighbour, so removing it leaves valid JSON. */
function withComma(text: string, span: { offset: number; length: number }) {
  let end = span.offset + span.length;
  let i = end;
  while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  if (text.charAt(i) === ',') return { offset: span.offset, length: i + 1 - span.offset };
  let start = span.offset - 1;
  while (start >= 0 && ' \t\r\n'.includes(text.charAt(start))) start--;
  if (text.charAt(start) === ',') return { offset: start, length: end - start };
  end = span.offset + span.length;
  return { offset: span.offset, length: end - span.offset };
}
