// Key names are case-insensitive, so `aws:SourceIp` and `aws:sourceip` under one operator are the same key twice;
// JSON keeps both and AWS rejects the policy. (Exact duplicates are reported by the parser's duplicateKey rule.)
import type { Rule } from '../rule';
import { statementsOf } from '../statementFacts';

export const duplicateConditionKeyCase: Rule = {
  id: 'duplicateConditionKeyCase',
  defaultSeverity: 'error',
  awsCode: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
  description: 'A condition key appears twice under one operator with different capitalization.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const operatorNode of statement.condition?.operators ?? []) {
        const first = new Map<string, string>();
        for (const keyNode of operatorNode.keys) {
          const lower = keyNode.key.toLowerCase();
          const earlier = first.get(lower);
          if (earlier === undefined) {
            first.set(lower, keyNode.key);
            continue;
          }
          if (earlier === keyNode.key) continue;
          context.report(
            keyNode.keySpan,
            `'${keyNode.key}' repeats '${earlier}' under ${operatorNode.operator}: key names are case-insensitive, so this is the same key twice. Merge their values into one entry.`,
          );
        }
      }
    }
  },
};
