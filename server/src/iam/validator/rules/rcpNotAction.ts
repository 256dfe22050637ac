// RCP syntax lists the elements a resource control policy may use, and NotAction is not among them (nor is
// NotPrincipal, which notPrincipalNotAllowed reports): an RCP names the actions it denies
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html). SCPs do accept
// NotAction, so this is about RCPs alone.
import type { Rule } from '../rule';

export const rcpNotAction: Rule = {
  id: 'rcpNotAction',
  defaultSeverity: 'error',
  description: 'A resource control policy uses NotAction, which RCPs do not support.',
  appliesTo: ['rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (!statement.notAction) continue;
      context.report(
        statement.notAction.property.keySpan,
        'Resource control policies do not support NotAction. List the actions to deny in Action (for example "s3:*"), and narrow them with Resource or conditions.',
      );
    }
  },
};
