// IAM and Organizations reject two statements with the same Sid in one policy ("Statement IDs (SID) in a single
// policy must be unique"); resource-based services mostly accept them, where a duplicate is still confusing.
import type { Located } from '../../parser/policyTree';
import type { Rule } from '../rule';

const REQUIRED = new Set(['identity', 'boundary', 'session', 'trust', 'scp', 'rcp']);

export const duplicateSid: Rule = {
  id: 'duplicateSid',
  defaultSeverity: 'error',
  awsCode: 'UNIQUE_SIDS_REQUIRED',
  description: 'Two statements have the same Sid (an error where AWS requires unique Sids, a warning elsewhere).',
  check(context) {
    const first = new Map<string, { index: number; sid: Located<unknown> }>();
    const required = REQUIRED.has(context.type);
    for (const statement of context.document?.statements ?? []) {
      const sid = statement.sid;
      if (!sid || typeof sid.value !== 'string' || sid.value === '') continue;
      const earlier = first.get(sid.value);
      if (!earlier) {
        first.set(sid.value, { index: statement.index, sid });
        continue;
      }
      const message = `The Sid '${sid.value}' is already used by statement ${earlier.index + 1}. ${
        required ? 'This policy type requires unique Sids.' : 'Use a unique Sid for each statement.'
      }`;
      context.report(sid.span, message, required ? {} : { severity: 'warning', awsCode: 'UNIQUE_SIDS_RECOMMENDED' });
    }
  },
};
