// Actions without resource-level permissions (s3:ListAllMyBuckets, ec2:DescribeInstances) are authorized against
// Resource "*" only, so a statement made of such actions that lists only specific ARNs never applies
// (evaluation-logic rule 42). ARNs with wildcards are left alone: AWS matches some of them (`arn:aws:s3:::*` with
// ListAllMyBuckets works in practice), so only fully literal ARNs are reported.
import type { Rule } from '../rule';
import { actionFacts, actionFormats, resourceFacts, statementsOf } from '../statementFacts';

export const wildcardOnlyActionWithResource: Rule = {
  id: 'wildcardOnlyActionWithResource',
  defaultSeverity: 'warning',
  description: 'Every action of the statement lacks resource-level permissions, but Resource names specific ARNs only.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (!statement.resource) continue;
      // Cheapest test first: most statements have "*" or a wildcard ARN somewhere.
      const resources = resourceFacts(statement, context.catalog).items;
      if (resources.length === 0 || resources.some((r) => r.kind !== 'arn' || /[*?]|\$\{/.test(r.item.value))) continue;
      const facts = actionFacts(statement, context.catalog);
      if (facts.items.some((i) => i.kind !== 'action' || i.matches.length === 0)) continue;
      const formats = actionFormats(statement, context.catalog);
      if (!formats || formats.resourceLevelActions > 0 || formats.wildcardOnlyActions === 0) continue;
      const names = facts.actions.slice(0, 3).map((a) => `${a.service}:${a.name}`).join(', ');
      context.report(
        statement.resource.property.keySpan,
        `The actions of this statement (${names}${facts.actions.length > 3 ? ', …' : ''}) do not support resource-level permissions and are only matched by "Resource": "*", so this statement never applies. Use "Resource": "*" (and conditions to narrow it).`,
      );
    }
  },
};
