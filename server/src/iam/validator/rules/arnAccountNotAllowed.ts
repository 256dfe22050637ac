// Some resource types have no account in their ARN (S3 buckets and objects): an ARN that names one matches nothing.
import type { Rule } from '../rule';
import { isPatternField } from '../arn';
import { fieldRange } from '../../arn';
import { resourceFacts, serviceFormats, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const arnAccountNotAllowed: Rule = {
  id: 'arnAccountNotAllowed',
  defaultSeverity: 'error',
  awsCode: 'ARN_ACCOUNT_NOT_ALLOWED',
  description: "A resource ARN has an account ID although that resource type's ARNs have none.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        const account = arn?.parts.account ?? '';
        if (!arn || account === '' || isPatternField(account)) continue;
        const formats = serviceFormats(resource, context.catalog);
        if (!formats || !formats.fitting.every((f) => f.account === 'empty')) continue;
        const range = fieldRange(arn.parts, 'account');
        const span = spanInString(context.text, resource.item, range.start, range.length);
        context.report(
          span,
          `'${arn.parts.service}' resource ARNs of this kind have no account ID (e.g. ${formats.fitting[0]?.format ?? ''}); with '${account}' the ARN matches nothing. Leave the account empty.`,
          {
            fixes: span === resource.item.span ? [] : [replaceSpanFix('Remove the account ID', span, '', true)],
          },
        );
      }
    }
  },
};
