// A resource must be `*` or an ARN starting with `arn:`; a bare name (`my-bucket`) matches nothing.
import type { Rule } from '../rule';
import { resourceFacts, statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';
import { spanInString } from '../documentUtils';

export const invalidArnPrefix: Rule = {
  id: 'invalidArnPrefix',
  defaultSeverity: 'error',
  awsCode: 'INVALID_ARN_PREFIX',
  description: "A resource is neither '*' nor an ARN beginning with 'arn:'.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      const facts = resourceFacts(statement, context.catalog);
      for (const resource of facts.items) {
        if (resource.kind !== 'noPrefix') continue;
        const value = resource.item.value;
        if (/^arn:/i.test(value)) {
          const span = spanInString(context.text, resource.item, 0, 3);
          context.report(span, `ARNs begin with lowercase 'arn:'; '${value.slice(0, 4)}' matches nothing.`, {
            fixes: span === resource.item.span ? [] : [replaceSpanFix("Change to 'arn'", span, 'arn', true)],
          });
          continue;
        }
        context.report(
          resource.item.span,
          `'${value}' in ${facts.element ?? 'Resource'} is not an ARN, so it matches no resource. Write the full ARN (arn:partition:service:region:account:resource), or "*" for all resources.`,
        );
      }
    }
  },
};
