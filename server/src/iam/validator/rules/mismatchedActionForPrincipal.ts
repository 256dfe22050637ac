// Each way of assuming a role has its own action: SAML providers use sts:AssumeRoleWithSAML, OIDC and web identity
// providers sts:AssumeRoleWithWebIdentity, AWS principals and services sts:AssumeRole. sts:TagSession,
// sts:SetSourceIdentity and sts:SetContext go with any of them.
import type { StatementNode } from '../../parser/policyTree';
import { federatedKind, principalValues } from '../principals';
import type { Rule } from '../rule';

type Kind = 'saml' | 'oidc' | 'aws';

const ACTION_FOR: Readonly<Record<Kind, string>> = {
  saml: 'sts:AssumeRoleWithSAML',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  aws: 'sts:AssumeRole',
};
const ASSUME_ACTIONS: Readonly<Record<string, Kind>> = {
  'sts:assumerolewithsaml': 'saml',
  'sts:assumerolewithwebidentity': 'oidc',
  'sts:assumerole': 'aws',
};

export const mismatchedActionForPrincipal: Rule = {
  id: 'mismatchedActionForPrincipal',
  defaultSeverity: 'error',
  awsCode: 'MISMATCHED_ACTION_FOR_PRINCIPAL',
  description: 'A trust policy pairs a principal with an assume-role action it cannot use (e.g. a SAML provider with sts:AssumeRole).',
  appliesTo: ['trust'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const kinds = principalKinds(statement);
      if (kinds.size === 0) continue;
      for (const action of statement.action?.items ?? []) {
        const kind = ASSUME_ACTIONS[action.value.toLowerCase()];
        if (!kind || kinds.has(kind)) continue;
        const expected = [...kinds].map((k) => ACTION_FOR[k]).join(' or ');
        context.report(action.span, `${action.value} does not work with the principals of this statement (${describe(kinds)}). Use ${expected}.`);
      }
    }
  },
};

function principalKinds(statement: StatementNode): Set<Kind> {
  const kinds = new Set<Kind>();
  for (const { type, value } of principalValues(statement)) {
    if (value.value.includes('*')) continue;
    if (type === 'AWS' || type === 'Service') kinds.add('aws');
    else if (type === 'Federated') {
      const kind = federatedKind(value.value);
      if (kind !== 'invalid') kinds.add(kind);
    }
  }
  return kinds;
}

function describe(kinds: ReadonlySet<Kind>): string {
  const names: Record<Kind, string> = { saml: 'a SAML provider', oidc: 'an OIDC or web identity provider', aws: 'an AWS account, role or service' };
  return [...kinds].map((k) => names[k]).join(', ');
}
