// Resource types whose ARNs carry an account ID (IAM roles, DynamoDB tables) match nothing with an empty account.
// Access Analyzer has no code for this; the counterpart of MISSING_ARN_REGION. Only information: AWS-owned resources
// (public SSM parameters and documents, shared AMIs) have ARNs without an account although the catalog's format
// shows one, and AWS managed policies name them that way.
import type { Rule } from '../rule';
import { fieldRange } from '../../arn';
import { resourceFacts, serviceFormats, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const missingArnAccount: Rule = {
  id: 'missingArnAccount',
  defaultSeverity: 'info',
  description: "A resource ARN has an empty account ID although that resource type's ARNs have one.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || arn.parts.account !== '') continue;
        const formats = serviceFormats(resource, context.catalog);
        if (!formats || !formats.fitting.every((f) => f.account === 'placeholder' || f.account === 'literal')) continue;
        const range = fieldRange(arn.parts, 'account');
        const span = spanInString(context.text, resource.item, range.start - 1, 2);
        context.report(
          span,
          `'${arn.parts.service}' ARNs of this kind include an account ID (${formats.fitting[0]?.format ?? ''}); an empty account only matches AWS-owned resources (such as public SSM parameters). If you meant your own, add the 12-digit account ID, or '*' for any.`,
          {
            fixes: span === resource.item.span ? [] : [replaceSpanFix("Use '*' for any account", span, ':*:', true)],
          },
        );
      }
    }
  },
};
