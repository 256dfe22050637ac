// IAM (and Organizations) accept only ASCII letters and digits in a Sid. Resource-based and endpoint policies are left
// out on purpose: their services differ (S3 and KMS key policies, for example, accept spaces and punctuation).
import type { Rule } from '../rule';

const ALPHANUMERIC = /^[A-Za-z0-9]*$/;
// `u`: a character outside the BMP (an emoji) is one match, not two halves of a surrogate pair.
const NOT_ALPHANUMERIC = /[^A-Za-z0-9]/gu;

export const invalidSid: Rule = {
  id: 'invalidSid',
  defaultSeverity: 'error',
  awsCode: 'UNSUPPORTED_SID',
  description: 'A Sid contains characters other than A-Z, a-z and 0-9, which IAM and Organizations policies reject.',
  appliesTo: ['identity', 'boundary', 'session', 'trust', 'scp', 'rcp'],
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const sid = statement.sid;
      if (!sid || typeof sid.value !== 'string' || ALPHANUMERIC.test(sid.value)) continue;
      const cleaned = sid.value.replace(NOT_ALPHANUMERIC, '');
      const bad = [...new Set(sid.value.match(NOT_ALPHANUMERIC) ?? [])].map((c) => (c === ' ' ? 'space' : `'${c}'`));
      context.report(sid.span, `The Sid '${sid.value}' contains ${bad.join(', ')}: this policy type accepts only letters A-Z, a-z and digits 0-9 in a Sid.`, {
        ...(cleaned ? { fixes: [{ title: `Change to "${cleaned}"`, preferred: true, edits: [{ span: sid.span, newText: JSON.stringify(cleaned) }] }] } : {}),
      });
    }
  },
};
