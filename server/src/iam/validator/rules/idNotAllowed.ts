// IAM user guide, Id element: "ID is allowed in resource-based policies, but not in identity-based policies."
// Permissions boundaries and session policies are identity-based policies too. A warning, not an error: the same
// page's own example puts an Id in a policy granting s3:ListAllMyBuckets (an identity-policy action), so whether IAM
// rejects it is unclear; either way the Id does nothing there.
import type { Rule } from '../rule';

export const idNotAllowed: Rule = {
  id: 'idNotAllowed',
  defaultSeverity: 'warning',
  description: 'The Id element is allowed in resource-based policies but not in identity-based policies.',
  appliesTo: ['identity', 'boundary', 'session'],
  check(context) {
    const property = context.document?.properties.find((p) => p.key === 'Id');
    if (!property) return;
    context.report(
      property.keySpan,
      'The Id element belongs in resource-based policies; AWS documents it as not allowed in identity-based policies, where it has no use. Remove it; use Sid to label statements.',
      {
        fixes: [{ title: 'Remove the Id element', edits: [{ span: removalSpan(context.text, property.span), newText: '' }] }],
      },
    );
  },
};

/** The property plus the comma and white space after it (or before it, when it is the last property). */
function removalSpan(text: string, span: { offset: number; length: number }) {
  let end = span.offset + span.length;
  let i = end;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  if (text.charAt(i) === ',') {
    end = i + 1;
    while (end < text.length && /[ \t]/.test(text.charAt(end))) end++;
    if (text.charAt(end) === '\r') end++;
    if (text.charAt(end) === '\n') end++;
    let start = span.offset;
    while (start > 0 && /[ \t]/.test(text.charAt(start - 1))) start--;
    return { offset: start, length: end - start };
  }
  let start = span.offset;
  let j = start - 1;
  while (j >= 0 && /\s/.test(text.charAt(j))) j--;
  if (text.charAt(j) === ',') start = j;
  return { offset: start, length: end - start };
}
