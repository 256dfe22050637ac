// Some resource types have no region in their ARN (S3 buckets, IAM roles): an ARN that names one matches nothing.
// Measured against the formats the ARN's resource part fits, so `arn:aws:s3:us-east-1:123456789012:accesspoint/x`
// (access points do have a region) is fine.
import type { Rule } from '../rule';
import { isPatternField } from '../arn';
import { fieldRange } from '../../arn';
import { resourceFacts, serviceFormats, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const arnRegionNotAllowed: Rule = {
  id: 'arnRegionNotAllowed',
  defaultSeverity: 'error',
  awsCode: 'ARN_REGION_NOT_ALLOWED',
  description: "A resource ARN has a region although that resource type's ARNs have none.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        const region = arn?.parts.region ?? '';
        if (!arn || region === '' || isPatternField(region)) continue;
        const formats = serviceFormats(resource, context.catalog);
        if (!formats || !formats.fitting.every((f) => f.region === 'empty')) continue;
        const range = fieldRange(arn.parts, 'region');
        const span = spanInString(context.text, resource.item, range.start, range.length);
        context.report(
          span,
          `'${arn.parts.service}' resource ARNs of this kind have no region (e.g. ${formats.fitting[0]?.format ?? ''}); with '${region}' the ARN matches nothing. Leave the region empty.`,
          {
            fixes: span === resource.item.span ? [] : [replaceSpanFix('Remove the region', span, '', true)],
          },
        );
      }
    }
  },
};
