// Without Version, AWS reads the policy with the 2008 grammar, in which ${policy variables} are plain text.
import type { Rule } from '../rule';
import { eolOf } from '../../textLayout';

export const missingVersion: Rule = {
  id: 'missingVersion',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_VERSION',
  description: 'The policy has no Version element; AWS then applies the old 2008-10-17 language version.',
  check(context) {
    const document = context.document;
    if (!document || document.properties.some((p) => p.key.toLowerCase() === 'version')) return;
    const brace = { offset: document.span.offset, length: 1 };
    context.report(brace, 'The policy has no Version. Add "Version": "2012-10-17": without it AWS uses the 2008-10-17 language, in which policy variables are not replaced.', {
      fixes: [
        {
          title: 'Add "Version": "2012-10-17"',
          preferred: true,
          edits: [{ span: { offset: brace.offset + 1, length: 0 }, newText: `${eolOf(context.text)}  "Version": "2012-10-17",` }],
        },
      ],
    });
  },
};
