// Without Version, AWS reads the policy with the 2008 grammar, in which ${policy variables} are plain text. For SCPs
// and RCPs it is an error: AWS Organizations requires the element (see invalidVersion for the pages).
import type { Rule } from '../rule';
import { currentVersionEdit } from '../../policyVersionEdit';

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
          edits: [currentVersionEdit(context.text, document)],
        },
      ],
    });
  },
};
