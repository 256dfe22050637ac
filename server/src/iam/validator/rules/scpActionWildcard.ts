// Older SCP documentation allowed a wildcard in an action only alone or at the end (`s3:*`, `s3:Get*`); the current
// syntax page (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html) no longer says so, so this is a warning about portability, not an error.
import type { Rule } from '../rule';

export const scpActionWildcard: Rule = {
  id: 'scpActionWildcard',
  defaultSeverity: 'warning',
  awsCode: 'SCP_SYNTAX_ERROR_ACTION_WILDCARD',
  description: 'An SCP action with a wildcard before its end (s3:*Object), which older SCP syntax rejected.',
  appliesTo: ['scp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.action, statement.notAction]) {
        for (const item of element?.items ?? []) {
          const v = item.value;
          const star = v.search(/[*?]/);
          if (star < 0 || (star === v.length - 1 && v[star] === '*')) continue;
          context.report(
            item.span,
            `'${v}' has a wildcard before the end of the action. SCPs historically accepted wildcards only at the end (e.g. "s3:Get*"); list the actions or end the pattern with "*".`,
          );
        }
      }
    }
  },
};
