// iam:PassRole on every role (wildcards in Resource, NotResource, or granted through `*`/NotAction) lets the
// holder hand any role, including admin roles, to a service: a classic privilege escalation path.
import type { Rule } from '../rule';
import { findBroadGrant, grantCodeSuffix, grantDescription } from '../broadActionGrant';
import { statementsOf } from '../statementFacts';

const ROLE_FORMAT = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';

export const passRoleWithWildcard: Rule = {
  id: 'passRoleWithWildcard',
  defaultSeverity: 'warning',
  awsCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  description: 'iam:PassRole is allowed on roles matched by wildcards or NotResource (overly permissive).',
  // Only policies that grant can hand this permission out. SCPs, RCPs, permissions boundaries, session policies and VPC
  // endpoint policies only cap what other policies grant (AWS: "an SCP never grants permissions"; a boundary "does not
  // grant access on its own"; session policies "do not grant permissions"), and AWS's own defaults for them allow
  // `*` on `*` (FullAWSAccess, the default endpoint policy), so a warning there would fire on every documented example.
  appliesTo: ['identity', 'resource'],
  check(context) {
    for (const statement of statementsOf(context.document)) {
      const grant = findBroadGrant(statement, context.catalog, 'iam:passrole', ROLE_FORMAT);
      if (!grant) continue;
      context.report(
        grant.openedBy === 'notResource' || grant.via === 'action' ? grant.resourceSpan : grant.actionSpan,
        `This statement allows ${grantDescription(grant, 'iam:PassRole')}, so it can pass roles you did not mean to, including privileged ones. List the specific role ARNs that may be passed (and consider an iam:PassedToService condition).`,
        { awsCode: `PASS_ROLE_${grantCodeSuffix(grant)}` },
      );
    }
  },
};
