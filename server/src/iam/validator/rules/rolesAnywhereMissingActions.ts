// IAM Roles Anywhere needs three actions in the trust policy: sts:AssumeRole, sts:TagSession and
// sts:SetSourceIdentity (Roles Anywhere user guide, trust model).
import { principalValues } from '../principals';
import type { Rule } from '../rule';

const REQUIRED = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

export const rolesAnywhereMissingActions: Rule = {
  id: 'rolesAnywhereMissingActions',
  defaultSeverity: 'error',
  awsCode: 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY',
  description: 'A trust policy for rolesanywhere.amazonaws.com lacks sts:AssumeRole, sts:TagSession or sts:SetSourceIdentity.',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const service = principalValues(statement).find((p) => p.type === 'Service' && p.value.value.toLowerCase() === 'rolesanywhere.amazonaws.com');
      if (!service || service.negated || statement.effect?.value !== 'Allow') continue;
      const actions = (statement.action?.items ?? []).map((a) => a.value.toLowerCase());
      if (actions.includes('*') || actions.includes('sts:*')) continue;
      const missing = REQUIRED.filter((a) => !actions.includes(a.toLowerCase()));
      if (missing.length === 0) continue;
      const span = statement.action?.property.keySpan ?? service.value.span;
      context.report(span, `IAM Roles Anywhere needs ${REQUIRED.join(', ')} to assume a role; add ${missing.join(', ')}.`);
    }
  },
};
