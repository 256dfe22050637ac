// The reverse of wildcardOnlyActionWithResource: an Allow statement on "Resource": "*" whose actions all support
// resource-level permissions could name the resources instead (parliament's RESOURCE_STAR). Only a hint: "*" is
// often deliberate, and AWS managed policies use it widely.
import type { Rule } from '../rule';
import { effectOf } from '../documentUtils';
import { actionFacts, actionFormats, resourceFacts, statementsOf } from '../statementFacts';

export const resourceStarWithResourceLevelActions: Rule = {
  id: 'resourceStarWithResourceLevelActions',
  defaultSeverity: 'hint',
  description: 'An Allow statement uses Resource "*" although all its actions support resource-level permissions.',
  // Organizations policies set the outer bounds of access, where "*" is the norm, and grant nothing themselves. A
  // resource policy grants access to its own resource only, whatever its Resource says: in a KMS key policy "*" is
  // the way to write "this key" (AWS KMS Developer Guide, "Key policies"), so the hint would be wrong there.
  appliesTo: ['identity', 'boundary', 'session', 'endpoint'],
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (effectOf(statement) !== 'Allow' || !statement.resource) continue;
      const resources = resourceFacts(statement, context.catalog).items;
      if (resources.length !== 1 || resources[0]?.kind !== 'star') continue;
      const facts = actionFacts(statement, context.catalog);
      // Named actions only: a wildcard action ("s3:Get*") is a deliberate broad grant, not a missed scoping.
      if (facts.items.some((i) => i.kind !== 'action' || i.matches.length === 0 || i.nameHasWildcard || i.serviceHasWildcard)) continue;
      const formats = actionFormats(statement, context.catalog);
      if (!formats || formats.wildcardOnlyActions > 0 || formats.resourceLevelActions === 0) continue;
      const examples = formats.formats
        .slice(0, 2)
        .map((f) => f.format)
        .join(', ');
      context.report(
        resources[0].item.span,
        `Every action of this statement supports resource-level permissions, so "*" grants them on all resources. Consider naming the resources (e.g. ${examples}).`,
      );
    }
  },
};
