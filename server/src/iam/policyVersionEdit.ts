import type { TextEdit } from './findings';
import type { PolicyDocument } from './parser/policyTree';
import { eolBefore, indentationBefore } from './textLayout';

/** The policy language version in which policy variables (`${aws:username}`) are replaced; before it they are text. */
export const CURRENT_VERSION = '2012-10-17';

/**
 * The edit that makes the policy's Version 2012-10-17: the old value replaced, or the element added laid out as the
 * policy is: on a line of its own indented as the first element when that one starts its line (a policy in a template
 * is indented deeper, and its line ending is the template's), before it on the same line when it does not, and alone
 * in an empty policy (no comma left dangling).
 */
export function currentVersionEdit(text: string, document: PolicyDocument): TextEdit {
  const VERSION = `"Version": "${CURRENT_VERSION}"`;
  if (document.version !== undefined) return { span: document.version.span, newText: JSON.stringify(CURRENT_VERSION) };
  const afterBrace = { offset: document.span.offset + 1, length: 0 };
  const first = document.properties[0];
  if (first === undefined) return { span: afterBrace, newText: VERSION };
  const indentation = indentationBefore(text, first.span.offset);
  if (indentation === undefined) return { span: { offset: first.span.offset, length: 0 }, newText: `${VERSION}, ` };
  return { span: afterBrace, newText: `${eolBefore(text, first.span.offset - indentation.length)}${indentation}${VERSION},` };
}
