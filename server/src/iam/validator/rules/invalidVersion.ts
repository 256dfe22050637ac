// Version is a date naming the policy language, not a free-form version number. Organizations policies accept only
// the current one: "Every SCP must include a Version element with the value "2012-10-17""
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html), and the same
// sentence stands for RCPs (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
import { replaceStringFix } from '../elementNames';
import type { Rule } from '../rule';

const VERSIONS = ['2012-10-17', '2008-10-17'];

export const invalidVersion: Rule = {
  id: 'invalidVersion',
  defaultSeverity: 'error',
  awsCode: 'INVALID_VERSION',
  description: 'Version is not 2012-10-17 or 2008-10-17 (service and resource control policies accept only 2012-10-17).',
  check(context) {
    const version = context.document?.version;
    if (!version || typeof version.value !== 'string') return;
    const fix = replaceStringFix('Use "2012-10-17"', context.text, version.span, '2012-10-17');
    if (!VERSIONS.includes(version.value)) {
      context.report(
        version.span,
        `'${version.value}' is not a policy language version. Use "2012-10-17" (the current one; "2008-10-17" is the old one). It is a fixed date, not the date you wrote the policy.`,
        { fixes: [fix] },
      );
    } else if ((context.type === 'rcp' || context.type === 'scp') && version.value !== '2012-10-17') {
      const kind = context.type === 'rcp' ? 'Resource' : 'Service';
      context.report(version.span, `${kind} control policies accept only Version "2012-10-17", not '${version.value}'.`, { fixes: [fix] });
    }
  },
};
