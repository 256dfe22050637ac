// Resource or NotResource is required wherever the policy is not attached to the resource itself.
// Resource-based policies are left out on purpose: some services (ECR repository policies, for one) write their
// statements without a Resource because the policy's resource is implied. Trust policies must not have one at all
// (trustPolicyResource). SCPs are left out too: older SCP grammar had Allow statements without Resource (Resource was a
// Deny-only element), and Organizations still accepts them.
import { hasKey, statementLabel, statementStart } from '../documentUtils';
import type { Rule } from '../rule';

export const missingResource: Rule = {
  id: 'missingResource',
  defaultSeverity: 'error',
  awsCode: 'MISSING_RESOURCE',
  description: 'A statement has neither a Resource nor a NotResource element.',
  appliesTo: ['identity', 'boundary', 'session', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (hasKey(statement, 'Resource') || hasKey(statement, 'NotResource')) continue;
      context.report(
        statementStart(statement),
        `${statementLabel(statement)} has no Resource or NotResource. Add the resources it applies to, or "Resource": "*" for all.`,
      );
    }
  },
};
