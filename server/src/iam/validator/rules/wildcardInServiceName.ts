// `s*:Get*` reaches into every service whose prefix starts with s, including services added later.
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';

export const wildcardInServiceName: Rule = {
  id: 'wildcardInServiceName',
  defaultSeverity: 'info',
  awsCode: 'WILDCARD_IN_SERVICE_NAME',
  description: 'An action uses a wildcard in its service prefix, which may match unintended services.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const action of actionFacts(statement, context.catalog).items) {
        if (action.kind !== 'action' || !action.serviceHasWildcard) continue;
        const services = [...new Set(action.matches.map((a) => a.service))];
        const list =
          services.length > 0 ? ` Today it matches ${services.length} service(s): ${services.slice(0, 5).join(', ')}${services.length > 5 ? ', …' : ''}.` : '';
        context.report(
          spanInString(context.text, action.item, 0, action.service.length),
          `The service part '${action.service}' of '${action.item.value}' has a wildcard and may grant access to services you did not intend (and to services added later).${list} Name the services explicitly.`,
        );
      }
    }
  },
};
