// Policies attached to a resource say who they apply to. VPC endpoint policies "must contain a Principal element"
// (VPC user guide, endpoint policy considerations); RCPs require one too (usually "*").
import { hasKey, statementLabel, statementStart } from '../documentUtils';
import { POLICY_TYPE_NAMES } from '../../policyTypes';
import type { Rule } from '../rule';

export const missingPrincipal: Rule = {
  id: 'missingPrincipal',
  defaultSeverity: 'error',
  awsCode: 'MISSING_PRINCIPAL',
  description: 'A statement of a resource-based, trust, resource control or endpoint policy names no principal.',
  appliesTo: ['resource', 'trust', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (hasKey(statement, 'Principal') || hasKey(statement, 'NotPrincipal')) continue;
      // Trust policies and RCPs do not accept NotPrincipal, so suggest only Principal there.
      const elements = context.type === 'resource' || context.type === 'endpoint' ? 'Principal or NotPrincipal' : 'Principal';
      const example =
        context.type === 'trust'
          ? '"Principal": { "Service": "ec2.amazonaws.com" }'
          : context.type === 'rcp'
            ? '"Principal": "*"'
            : '"Principal": { "AWS": "arn:aws:iam::111122223333:root" }';
      context.report(
        statementStart(statement),
        `${statementLabel(statement)} has no ${elements}, which a ${POLICY_TYPE_NAMES[context.type]} requires. Add e.g. ${example}.`,
      );
    }
  },
};
