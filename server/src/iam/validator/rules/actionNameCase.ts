// Action names and service prefixes are case-insensitive in AWS, so `s3:getobject` works; the canonical spelling
// reads better and matches the documentation, so this is only a hint with a quick fix.
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';
import { replaceStringFix } from '../textEdits';

export const actionNameCase: Rule = {
  id: 'actionNameCase',
  defaultSeverity: 'hint',
  description: 'An action is spelled with a letter case other than the documented one (valid, but harder to read).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const action of actionFacts(statement, context.catalog).items) {
        if (action.kind !== 'action' || action.serviceHasWildcard || action.nameHasWildcard) continue;
        const info = action.matches[0];
        if (!info) continue;
        const canonical = `${info.service}:${info.name}`;
        if (canonical === action.item.value) continue;
        context.report(action.item.span, `'${action.item.value}' works (actions are case-insensitive), but AWS spells it '${canonical}'.`, {
          fixes: [replaceStringFix(`Change to '${canonical}'`, action.item, canonical, true)],
        });
      }
    }
  },
};
