// An ARN has six colon-separated fields, some of which may be empty (`arn:aws:s3:::bucket`).
import type { Rule } from '../rule';
import { resourceFacts, statementsOf } from '../statementFacts';

export const missingArnField: Rule = {
  id: 'missingArnField',
  defaultSeverity: 'error',
  awsCode: 'MISSING_ARN_FIELD',
  description: 'A resource ARN has fewer than the six fields arn:partition:service:region:account:resource.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        if (resource.kind !== 'missingFields') continue;
        if (standsForMissingFields(resource.item.value)) continue;
        context.report(
          resource.item.span,
          `'${resource.item.value}' has ${resource.fieldCount} of the 6 ARN fields (arn:partition:service:region:account:resource). Keep empty fields as '::', e.g. arn:aws:s3:::my-bucket.`,
        );
      }
    }
  },
};

/**
 * A trailing `*` matches across colons, so it stands for the fields that follow: AWS's own fix on its policy
 * troubleshooting page keeps "arn:aws:cloudfront:*" beside a bucket ARN, and IAM saves that policy; so do
 * `arn:aws:s3*` and `arn:aws:ec2:us-east-1:123456789012*`. It cannot once the text before the first wildcard has begun
 * the account field with what no account is: `arn:aws:s3::acme-logs/*` (a colon short) matches no ARN at all.
 */
function standsForMissingFields(value: string): boolean {
  const first = value.search(/[*?]/);
  if (first < 0 || !value.endsWith('*')) return false;
  const fields = value.slice(0, first).split(':');
  if (fields.length < 5) return true;
  const account = fields[4] ?? '';
  return /^\d{0,12}$/.test(account) || 'aws'.startsWith(account);
}
