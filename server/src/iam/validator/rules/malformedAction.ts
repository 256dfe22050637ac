// An action must be `*` or `service:action` with letters, digits, hyphens and wildcards; anything else matches
// nothing (`s3GetObject`, `s3:Get Object`, `arn:aws:s3:::bucket` in Action by mistake).
import type { Rule } from '../rule';
import { actionFacts, statementsOf } from '../statementFacts';

export const malformedAction: Rule = {
  id: 'malformedAction',
  defaultSeverity: 'error',
  description: "An action string is not of the form 'service:action'.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      const facts = actionFacts(statement, context.catalog);
      for (const action of facts.items) {
        if (action.kind !== 'malformed') continue;
        const value = action.item.value;
        let why: string;
        if (value.trim() === '') why = 'It is empty.';
        else if (value.startsWith('arn:')) why = `It looks like an ARN; ARNs belong in Resource, actions are written 'service:ActionName'.`;
        else if (!value.includes(':')) why = `It has no ':' between the service prefix and the action name (e.g. 's3:GetObject').`;
        // A YAML `|` block scalar keeps its final line break: the commonest way a valid action gets one.
        else if (/^\S+\n$/.test(value)) why = "It ends with a line break: in YAML, a '|' block keeps one at its end, '|-' does not.";
        else if (/\s/.test(value)) why = 'It contains white space.';
        else why = "Write it as 'service:ActionName', with only letters, digits, '-' and the wildcards '*' and '?'.";
        context.report(action.item.span, `'${value}' in ${facts.element ?? 'Action'} is not a valid action and matches nothing. ${why}`);
      }
    }
  },
};
