// Policy variables need Version 2012-10-17. With 2008-10-17, or with no Version at all, AWS compares `${aws:username}`
// as the literal text, so the statement silently matches nothing it was meant to.
import type { Located } from '../../parser/policyTree';
import { conditionKeysOf } from '../conditions';
import { spanInString } from '../documentUtils';
import { findVariables } from '../policyVariables';
import type { Rule } from '../rule';

export const variableInOldVersion: Rule = {
  id: 'variableInOldVersion',
  defaultSeverity: 'error',
  awsCode: 'VARIABLE_UNSUPPORTED_IN_VERSION',
  description: 'A ${policy variable} in a policy whose Version is 2008-10-17 or missing, where AWS reads it as literal text.',
  check(context) {
    const document = context.document;
    if (!document) return;
    const version = document.version?.value;
    if (version === '2012-10-17' || (version !== undefined && version !== '2008-10-17')) return;
    const because = version === undefined ? 'the policy has no Version' : 'the policy uses Version 2008-10-17';
    for (const statement of document.statements) {
      const values: Located<unknown>[] = [...(statement.resource?.items ?? []), ...(statement.notResource?.items ?? [])];
      for (const key of conditionKeysOf(statement)) values.push(...key.values);
      for (const located of values) {
        if (typeof located.value !== 'string' || !located.value.includes('${')) continue;
        const token = findVariables(located.value).find((t) => !t.problem);
        if (!token) continue;
        const text = located.value.slice(token.start, token.end);
        context.report(
          spanInString(context.text, located as Located<string>, token.start, token.end - token.start),
          `${text} is compared as literal text because ${because}. Set "Version": "2012-10-17" to use policy variables.`,
        );
      }
    }
  },
};
