// An empty Sid labels nothing; leave the Sid out or give it a name.
import type { Rule } from '../rule';

export const emptySid: Rule = {
  id: 'emptySid',
  defaultSeverity: 'info',
  awsCode: 'EMPTY_SID_VALUE',
  description: 'A statement has an empty Sid.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      if (statement.sid?.value !== '') continue;
      context.report(statement.sid.span, 'The Sid is empty. Give the statement a name (e.g. "AllowReadReports") or remove the Sid.');
    }
  },
};
