// An ARN has six colon-separated fields, some of which may be empty (`arn:aws:s3:::bucket`).
import type { Rule } from '../rule';
import type { Catalog } from '../../catalog/types';
import type { StatementNode } from '../../parser/policyTree';
import { CASE_SENSITIVE, matchesWildcard } from '../../wildcard';
import { actionFormats, resourceFacts, statementsOf } from '../statementFacts';

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
          `'${resource.item.value}' has ${resource.fieldCount} of the 6 ARN fields (arn:partition:service:region:account:resource). ${howWritten(resource.item.value, statement, context.catalog)}`,
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
  // Nor once the Region field has begun with what no Region does: `arn:aws:s3:reports/*` (two colons short).
  if (fields.length >= 4 && !/^[a-z0-9-]*$/.test(fields[3] ?? '')) return false;
  if (fields.length < 5) return true;
  const account = fields[4] ?? '';
  return /^\d{0,12}$/.test(account) || 'aws'.startsWith(account);
}

/**
 * How an ARN of the service is written: the format whose resource part the value's last field fits, among the resource
 * types of the statement's actions in that service (an SQS queue has an account, an S3 object empty Region and account
 * fields; an object, not an access point's object), then among all the service's; else the first of the actions'; else
 * the S3 example of empty fields kept.
 */
function howWritten(value: string, statement: StatementNode, catalog: Catalog): string {
  const fields = value.split(':');
  const service = fields[2] ?? '';
  const last = fields[fields.length - 1] ?? '';
  const ofActions = (actionFormats(statement, catalog)?.formats ?? []).filter((f) => f.service === service).map((f) => f.format);
  const ofService = catalog.resourceTypes(service).flatMap((type) => type.arnFormats);
  const fits = (format: string) =>
    matchesWildcard(
      format
        .split(':')
        .slice(5)
        .join(':')
        .replace(/\$\{[^}]*\}/g, '*'),
      last,
      CASE_SENSITIVE,
    );
  const format = ofActions.find(fits) ?? ofService.find(fits) ?? ofActions[0] ?? ofService[0];
  return format === undefined ? "Keep empty fields as '::', e.g. arn:aws:s3:::my-bucket." : `An ARN of ${service} is written ${format}.`;
}
