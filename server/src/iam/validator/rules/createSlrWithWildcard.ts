// iam:CreateServiceLinkedRole on every role lets the holder create service-linked roles for any service.
import type { Rule } from '../rule';
import { findBroadGrant, grantCodeSuffix, grantDescription } from '../broadActionGrant';
import { conditionEntries, statementsOf } from '../statementFacts';

const ROLE_FORMAT = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';

export const createSlrWithWildcard: Rule = {
  id: 'createSlrWithWildcard',
  defaultSeverity: 'warning',
  awsCode: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
  description: 'iam:CreateServiceLinkedRole is allowed on roles matched by wildcards or NotResource.',
  // Only policies that grant can hand this permission out. SCPs, RCPs, permissions boundaries, session policies and VPC
  // endpoint policies only cap what other policies grant (AWS: "an SCP never grants permissions"; a boundary "does not
  // grant access on its own"; session policies "do not grant permissions"), and AWS's own defaults for them allow
  // `*` on `*` (FullAWSAccess, the default endpoint policy), so a warning there would fire on every documented example.
  appliesTo: ['identity', 'resource'],
  check(context) {
    for (const statement of statementsOf(context.document)) {
      const grant = findBroadGrant(statement, context.catalog, 'iam:createservicelinkedrole', ROLE_FORMAT);
      if (!grant) continue;
      // An iam:AWSServiceName condition limits the services the roles can be created for: that is the fix.
      if (conditionEntries(statement, context.catalog).some((e) => e.keyNode.key.toLowerCase() === 'iam:awsservicename')) continue;
      context.report(
        grant.openedBy === 'notResource' || grant.via === 'action' ? grant.resourceSpan : grant.actionSpan,
        `This statement allows ${grantDescription(grant, 'iam:CreateServiceLinkedRole')}, so it can create service-linked roles for services you did not intend. Name the service-linked role ARNs (arn:aws:iam::*:role/aws-service-role/SERVICE.amazonaws.com/*) or add an iam:AWSServiceName condition.`,
        { awsCode: `CREATE_SLR_${grantCodeSuffix(grant)}` },
      );
    }
  },
};
