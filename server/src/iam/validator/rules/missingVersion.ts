// Without Version, AWS reads the policy with the 2008 grammar, in which ${policy variables} are plain text. For SCPs
// and RCPs it is an error: AWS Organizations requires the element (see invalidVersion for the pages).
import type { Rule } from '../rule';
import type { PolicyDocument } from '../../parser/policyTree';
import type { TextEdit } from '../../findings';
import { eolBefore, indentationBefore } from '../../textLayout';

export const missingVersion: Rule = {
  id: 'missingVersion',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_VERSION',
  description: 'The policy has no Version element; AWS then applies the old 2008-10-17 language version.',
  check(context) {
    const document = context.document;
    if (!document || document.properties.some((p) => p.key.toLowerCase() === 'version')) return;
    const brace = { offset: document.span.offset, length: 1 };
    const organizations = context.type === 'scp' || context.type === 'rcp';
    const message = organizations
      ? `${context.type === 'scp' ? 'A service' : 'A resource'} control policy must have "Version": "2012-10-17"; AWS Organizations rejects it without.`
      : 'The policy has no Version. Add "Version": "2012-10-17": without it AWS uses the 2008-10-17 language, in which policy variables are not replaced.';
    context.report(brace, message, {
      ...(organizations ? { severity: 'error' as const } : {}),
      fixes: [
        {
          title: 'Add "Version": "2012-10-17"',
          preferred: true,
          edits: [versionEdit(context.text, document)],
        },
      ],
    });
  },
};

/**
 * Adds the element laid out as the policy is: on a line of its own indented as the first element when that one starts
 * its line (a policy in a template is indented deeper, and its line ending is the template's), before it on the same
 * line when it does not, and alone in an empty policy (no comma left dangling).
 */
function versionEdit(text: string, document: PolicyDocument): TextEdit {
  const VERSION = '"Version": "2012-10-17"';
  const afterBrace = { offset: document.span.offset + 1, length: 0 };
  const first = document.properties[0];
  if (first === undefined) return { span: afterBrace, newText: VERSION };
  const indentation = indentationBefore(text, first.span.offset);
  if (indentation === undefined) return { span: { offset: first.span.offset, length: 0 }, newText: `${VERSION}, ` };
  return { span: afterBrace, newText: `${eolBefore(text, first.span.offset - indentation.length)}${indentation}${VERSION},` };
}
