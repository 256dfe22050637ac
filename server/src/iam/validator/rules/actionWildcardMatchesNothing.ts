// A wildcard action pattern of a known service that matches none of its actions (`s3:Gte*`): almost always a typo.
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';

export const actionWildcardMatchesNothing: Rule = {
  id: 'actionWildcardMatchesNothing',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_ACTION',
  description: 'An action pattern with wildcards matches no action of its service.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const action of actionFacts(statement, context.catalog).items) {
        if (action.kind !== 'action' || !action.serviceKnown || action.serviceHasWildcard || !action.nameHasWildcard) continue;
        if (action.matches.length > 0) continue;
        const span = spanInString(context.text, action.item, action.service.length + 1, action.name.length);
        context.report(
          span,
          `The pattern '${action.item.value}' matches no action of '${action.service.toLowerCase()}', so it grants nothing. Check the spelling of the action part.`,
        );
      }
    }
  },
};
