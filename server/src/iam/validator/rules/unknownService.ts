// An action whose service prefix the catalog does not know grants nothing; usually a typo (`s3x:GetObject`). AWS
// accepts the policy, and AWS managed policies still name retired services (deepcomposer), so this is a warning.
import { closestMatches } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const unknownService: Rule = {
  id: 'unknownService',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_SERVICE_IN_ACTION',
  description: 'An action names a service prefix that does not exist.',
  check(context) {
    let prefixes: string[] | undefined;
    for (const statement of statementsOf(context.document)) {
      for (const action of actionFacts(statement, context.catalog).items) {
        if (action.kind !== 'action' || action.serviceKnown) continue;
        const span = spanInString(context.text, action.item, 0, action.service.length);
        if (action.serviceHasWildcard) {
          context.report(span, `No AWS service prefix matches '${action.service}', so '${action.item.value}' matches no action. Check the service part.`);
          continue;
        }
        prefixes ??= context.catalog.services().map((s) => s.prefix);
        const suggestions = closestMatches(action.service, prefixes, 3);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
        const fixes = span === action.item.span ? [] : suggestions.map((s) => replaceSpanFix(`Change service to '${s}'`, span, s, suggestions.length === 1));
        context.report(span, `'${action.service}' is not an AWS service prefix, so '${action.item.value}' grants nothing.${hint}`, { fixes });
      }
    }
  },
};
