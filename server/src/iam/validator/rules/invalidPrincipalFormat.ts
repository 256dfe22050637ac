// The shape of Principal/NotPrincipal: "*" or an object of principal types whose values are strings or arrays of
// strings, and AWS principals written as an account ID or an IAM/STS ARN.
import type { PrincipalElement } from '../../parser/policyTree';
import { nodeSpan } from '../documentUtils';
import { ACCOUNT_ID, principalValues, UNIQUE_ID } from '../principals';
import type { Rule, RuleContext } from '../rule';

/** IAM and STS ARNs; the account field is loose because of legacy forms such as `iam::cloudfront:user/…`. */
const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::[^:]*:.+$/;
/** S3 canonical user IDs are 64 hexadecimal digits. */
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

export const invalidPrincipalFormat: Rule = {
  id: 'invalidPrincipalFormat',
  defaultSeverity: 'error',
  awsCode: 'INVALID_PRINCIPAL_FORMAT',
  description: 'Principal or NotPrincipal is not "*" or an object of principal types with string values, or an AWS principal is not an account ID or IAM ARN.',
  appliesTo: ['resource', 'trust', 'rcp', 'endpoint'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const element of [statement.principal, statement.notPrincipal]) {
        if (element) checkShape(context, element);
      }
      for (const { type, value } of principalValues(statement)) {
        if (type === 'CanonicalUser' && !CANONICAL_USER.test(value.value) && value.value !== '*') {
          context.report(value.span, `'${value.value}' is not an S3 canonical user ID (64 hexadecimal characters).`);
        }
        if (type !== 'AWS') continue;
        const v = value.value;
        if (v === '*' || ACCOUNT_ID.test(v) || IAM_ARN.test(v) || UNIQUE_ID.test(v) || v.includes('*') || v.includes('?')) continue;
        context.report(
          value.span,
          `'${v}' is not an AWS principal. Use a 12-digit account ID, an IAM ARN such as arn:aws:iam::111122223333:role/NAME, or "*".`,
        );
      }
    }
  },
};

function checkShape(context: RuleContext, element: PrincipalElement): void {
  const name = element.property.key;
  if (element.malformed && element.property.value) {
    context.report(nodeSpan(element.property.value), `${name} must be "*" or an object such as { "AWS": "arn:aws:iam::111122223333:root" }.`);
    return;
  }
  if (element.bare && element.bare.value !== '*') {
    const value = element.bare.value;
    const fix = JSON.stringify({ AWS: value });
    context.report(element.bare.span, `A bare string ${name} may only be "*". Write ${name} as an object: { "AWS": "${value}" }.`, {
      fixes: [{ title: `Change to ${fix}`, preferred: true, edits: [{ span: element.bare.span, newText: `{ "AWS": ${JSON.stringify(value)} }` }] }],
    });
  }
  for (const entry of element.entries) {
    for (const invalid of entry.invalidValues) {
      context.report(nodeSpan(invalid), `Values of the ${entry.type} principal must be strings (or an array of strings).`);
    }
  }
}
