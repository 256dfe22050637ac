// RCPs restrict: every statement must Deny. The one Allow AWS itself uses is RCPFullAWSAccess
// (Allow, Principal "*", Action "*", Resource "*"), which is attached everywhere and accepted here too
// ("The effect of Allow is only supported for the RCPFullAWSAccess policy", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
import { isEveryonePrincipal, itemsOf } from '../documentUtils';
import type { Rule } from '../rule';

export const rcpEffect: Rule = {
  id: 'rcpEffect',
  defaultSeverity: 'error',
  description: 'A resource control policy statement whose Effect is not Deny.',
  appliesTo: ['rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const effect = statement.effect;
      if (!effect || effect.value !== 'Allow') continue;
      const fullAccess =
        statement.principal !== undefined &&
        isEveryonePrincipal(statement.principal) &&
        itemsOf(statement.action).join() === '*' &&
        itemsOf(statement.resource).join() === '*' &&
        !statement.condition;
      if (fullAccess) continue;
      context.report(
        effect.span,
        'Resource control policies only restrict access: use "Effect": "Deny" (the only Allow AWS accepts is RCPFullAWSAccess, which allows "*" on "*").',
        {
          fixes: [{ title: 'Change to "Deny"', edits: [{ span: effect.span, newText: '"Deny"' }] }],
        },
      );
    }
  },
};
