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
        // A trailing `*` field matches across colons, so it stands for the fields that follow: AWS's own fix on its
        // policy troubleshooting page keeps "arn:aws:cloudfront:*" beside a bucket ARN, and IAM saves that policy. A `*`
        // that ends a name (`arn:aws:s3::logs/*`, a colon short) stands for nothing before it: no ARN matches.
        if (resource.item.value.endsWith(':*')) continue;
        context.report(
          resource.item.span,
          `'${resource.item.value}' has ${resource.fieldCount} of the 6 ARN fields (arn:partition:service:region:account:resource). Keep empty fields as '::', e.g. arn:aws:s3:::my-bucket.`,
        );
      }
    }
  },
};
