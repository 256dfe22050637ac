// The account field of an ARN is empty, twelve digits, `aws` (AWS-owned resources) or a pattern that can produce
// twelve digits; `1234-5678-9012` or an alias matches nothing.
import type { Rule } from '../rule';
import { isValidAccountField } from '../arn';
import { fieldRange } from '../../arn';
import { resourceFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const invalidArnAccount: Rule = {
  id: 'invalidArnAccount',
  defaultSeverity: 'error',
  awsCode: 'INVALID_ARN_ACCOUNT',
  description: 'The account ID of a resource ARN is not 12 digits.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || isValidAccountField(arn.parts.account)) continue;
        const account = arn.parts.account;
        const range = fieldRange(arn.parts, 'account');
        const span = spanInString(context.text, resource.item, range.start, range.length);
        const digits = account.replace(/[\s-]/g, '');
        const fixes = /^\d{12}$/.test(digits) && span !== resource.item.span ? [replaceSpanFix(`Change to '${digits}'`, span, digits, true)] : [];
        context.report(span, `'${account}' is not a valid account ID: use the 12-digit account number (no hyphens), or '*' for any account.`, { fixes });
      }
    }
  },
};
