// ARN matching is case-sensitive and service names in ARNs are lowercase: `arn:aws:S3:::b` matches nothing.
import type { Rule } from '../rule';
import { fieldRange } from '../../arn';
import { resourceFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const arnServiceCase: Rule = {
  id: 'arnServiceCase',
  defaultSeverity: 'error',
  awsCode: 'INVALID_ARN_SERVICE_CASE',
  description: 'The service of a resource ARN has uppercase letters.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || arn.parts.service.includes('${')) continue;
        const service = arn.parts.service;
        const lower = service.toLowerCase();
        if (service === lower) continue;
        const range = fieldRange(arn.parts, 'service');
        const span = spanInString(context.text, resource.item, range.start, range.length);
        context.report(span, `The service '${service}' in an ARN must be lowercase ('${lower}'): ARNs match case-sensitively, so this one matches nothing.`, {
          fixes: span === resource.item.span ? [] : [replaceSpanFix(`Change to '${lower}'`, span, lower, true)],
        });
      }
    }
  },
};
