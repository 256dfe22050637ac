// A condition key is `prefix:name` (`aws:SourceIp`, `s3:prefix`, `accounts.google.com:aud`).
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';

const KEY_SHAPE = /^[^\s:]+:\S+$/;

export const conditionKeyFormat: Rule = {
  id: 'conditionKeyFormat',
  defaultSeverity: 'error',
  awsCode: 'INVALID_CONDITION_KEY_FORMAT',
  description: "A condition key is not of the form 'service:keyname'.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const key = entry.keyNode.key;
        if (entry.keyInfo || KEY_SHAPE.test(key)) continue;
        const why =
          key.trim() === ''
            ? 'It is empty.'
            : /\s/.test(key)
              ? 'It contains white space.'
              : "It needs a prefix and a name separated by ':' (e.g. aws:SourceIp, s3:prefix).";
        context.report(entry.keyNode.keySpan, `'${key}' is not a valid condition key. ${why}`);
      }
    }
  },
};
