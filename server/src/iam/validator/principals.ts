// Shared knowledge about principal values: what each kind looks like, so the principal rules agree with each other.
import type { Located, PrincipalElement, StatementNode } from '../parser/policyTree';

export const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export interface PrincipalValue {
  /** The key as written (`AWS`, `Service`, …) or `*` for the bare form `"Principal": "*"`. */
  readonly type: string;
  readonly value: Located<string>;
  readonly element: PrincipalElement;
  /** True for NotPrincipal. */
  readonly negated: boolean;
}

/** Every principal string of a statement, Principal and NotPrincipal alike, bare `"*"` included. */
export function principalValues(statement: StatementNode): PrincipalValue[] {
  const result: PrincipalValue[] = [];
  for (const [element, negated] of [
    [statement.principal, false],
    [statement.notPrincipal, true],
  ] as const) {
    if (!element) continue;
    if (element.bare) result.push({ type: '*', value: element.bare, element, negated });
    for (const entry of element.entries) {
      for (const value of entry.values) result.push({ type: entry.type, value, element, negated });
    }
  }
  return result;
}

/** Account IDs are twelve digits. */
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * IAM unique IDs: AIDA (user), AROA (role) and other four-letter prefixes, then 16 or more upper-case letters and
 * digits. AWS stores them when the user or role a policy names is deleted.
 */
export const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ASIA|AKIA)[A-Z0-9]{12,}$/;

/** SAML and OIDC provider ARNs, the two ARN forms of a Federated principal. */
export const SAML_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w.+=,@-]+$/;
export const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

/** Web identity providers named by domain (Amazon Cognito, Login with Amazon, Facebook, Google). */
export const WEB_IDENTITY_DOMAINS = new Set(['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com']);

export type FederatedKind = 'saml' | 'oidc' | 'invalid';

export function federatedKind(value: string): FederatedKind {
  if (SAML_PROVIDER_ARN.test(value)) return 'saml';
  if (OIDC_PROVIDER_ARN.test(value)) return 'oidc';
  // A bare domain (a web identity provider, or an OIDC host as some tools write it) is accepted syntax.
  if (!value.startsWith('arn:') && /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w./-]*)?$/i.test(value)) return 'oidc';
  return 'invalid';
}

/** The OIDC host of a Federated value, lower-cased: `token.actions.githubusercontent.com`. */
export function oidcHost(value: string): string | undefined {
  const arn = OIDC_PROVIDER_ARN.exec(value);
  if (arn) return arn[1]?.toLowerCase();
  return federatedKind(value) === 'oidc' ? value.toLowerCase() : undefined;
}
