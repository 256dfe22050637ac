// Regional resource types need the region in their ARN (or a wildcard): an empty region matches nothing.
import type { Rule } from '../rule';
import { fieldRange } from '../../arn';
import { resourceFacts, serviceFormats, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const missingArnRegion: Rule = {
  id: 'missingArnRegion',
  defaultSeverity: 'error',
  awsCode: 'MISSING_ARN_REGION',
  description: "A resource ARN has an empty region although that resource type's ARNs have one.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || arn.parts.region !== '') continue;
        const formats = serviceFormats(resource, context.catalog);
        if (!formats || !formats.fitting.every((f) => f.region === 'placeholder' || f.region === 'literal')) continue;
        const range = fieldRange(arn.parts, 'region');
        // The empty field sits between two colons: point at both so the finding is visible.
        const span = spanInString(context.text, resource.item, range.start - 1, 2);
        context.report(
          span,
          `'${arn.parts.service}' ARNs of this kind include a region (${formats.fitting[0]?.format ?? ''}); with an empty region this ARN matches nothing. Add the region, or '*' for any.`,
          {
            fixes: span === resource.item.span ? [] : [replaceSpanFix("Use '*' for any region", span, ':*:', true)],
          },
        );
      }
    }
  },
};
