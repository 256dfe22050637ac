// An action name the catalog does not list for a known service. AWS accepts such a policy and the action simply
// grants nothing, and AWS managed policies still name a few retired actions, so this is a warning, not an error.
import { closestActionNames } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { listsBeside, renameEntryFix } from '../textEdits';

export const unknownAction: Rule = {
  id: 'unknownAction',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_ACTION',
  description: 'An action does not exist in its service (a typo, or an action AWS has retired).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const action of actionFacts(statement, context.catalog).items) {
        if (action.kind !== 'action' || !action.serviceKnown || action.serviceHasWildcard || action.nameHasWildcard) continue;
        if (action.matches.length > 0) continue;
        const suggestions = closestActionNames(context.catalog, action.service, action.name, 3);
        const start = action.service.length + 1;
        const span = spanInString(context.text, action.item, start, action.name.length);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
        const list = statement.action ?? statement.notAction;
        // Removing the entry because a suggestion is already listed is said for the closest suggestion only: a farther
        // one (`s3:PutObject` for `s3:GetObjects`) already listed is not what was meant, and is no fix at all.
        const fixes =
          span === action.item.span
            ? []
            : suggestions
                .filter((s, i) => i === 0 || !listsBeside(list, action.item, `${action.service}:${s}`))
                .map((s) =>
                  renameEntryFix(
                    `Change to '${action.service}:${s}'`,
                    list,
                    action.item,
                    span,
                    s,
                    `${action.service}:${s}`,
                    suggestions.length === 1,
                    context.text,
                  ),
                );
        context.report(span, `The service '${action.service.toLowerCase()}' has no action '${action.name}' in the catalog, so it grants nothing.${hint}`, {
          fixes,
        });
      }
    }
  },
};
