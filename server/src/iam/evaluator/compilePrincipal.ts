import type { PrincipalElement } from '../parser/policyTree';
import type { Span } from '../span';
import { isAccountId, arnComponents } from '../arn';
import type { CompiledPrincipalItem, CompiledPrincipals, PrincipalForm } from './compiledPolicy';

/**
 * Compiles a Principal/NotPrincipal element into entries with their form (rule 28). No partial wildcards: AWS
 * accepts only `*` as a wildcard principal, so `arn:aws:iam::111111111111:user/*` is kept as a literal that
 * matches nothing real.
 */
export function compilePrincipals(element: PrincipalElement, negated: boolean, fail: (message: string, span?: Span) => void): CompiledPrincipals {
  const items: CompiledPrincipalItem[] = [];
  if (element.malformed) fail('its principal element is neither "*" nor an object', element.property.span);
  if (element.bare) {
    if (element.bare.value === '*') items.push({ value: '*', span: element.bare.span, form: 'any' });
    else fail(`a bare principal must be "*", not ${JSON.stringify(element.bare.value)}`, element.bare.span);
  }
  for (const entry of element.entries) {
    for (const bad of entry.invalidValues) fail('a principal value is not a string', { offset: bad.offset, length: bad.length });
    for (const v of entry.values) {
      items.push({ value: v.value, span: v.span, ...classify(entry.type, v.value) });
    }
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(entry.type)) {
      fail(`"${entry.type}" is not a principal type (AWS, Service, Federated, CanonicalUser)`, entry.property.span);
    }
  }
  return { negated, span: element.property.span, items };
}

function classify(type: string, value: string): { form: PrincipalForm; accountId?: string } {
  switch (type) {
    case 'Service':
      return { form: 'service' };
    case 'Federated':
      return { form: 'federated' };
    case 'CanonicalUser':
      return { form: 'canonicalUser' };
    case 'AWS':
      return classifyAws(value);
    default:
      return { form: 'other' };
  }
}

/** `*`, an account id, or an IAM/STS ARN; the resource part decides user, role, session or federated user. */
export function classifyAws(value: string): { form: PrincipalForm; accountId?: string } {
  if (value === '*') return { form: 'any' };
  if (isAccountId(value)) return { form: 'account', accountId: value };
  const parts = arnComponents(value);
  if (parts.length !== 6 || parts[0] !== 'arn') return { form: 'other' };
  const accountId = parts[4] ?? '';
  const resource = parts[5] ?? '';
  if (parts[2] === 'iam') {
    if (resource === 'root') return { form: 'account', accountId };
    if (resource.startsWith('user/')) return { form: 'user', accountId };
    if (resource.startsWith('role/')) return { form: 'role', accountId };
  } else if (parts[2] === 'sts') {
    if (resource.startsWith('assumed-role/')) return { form: 'session', accountId };
    if (resource.startsWith('federated-user/')) return { form: 'federatedUser', accountId };
  }
  return { form: 'other', accountId };
}
