// Tag condition keys need the tag's name: `aws:ResourceTag/team`, not `aws:ResourceTag` or `aws:ResourceTag/`.
import { patternedKeyMissingName } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';

export const missingTagKey: Rule = {
  id: 'missingTagKey',
  defaultSeverity: 'error',
  awsCode: 'MISSING_TAG_KEY_IN_CONDITION',
  description: 'A tag condition key lacks the tag name (aws:ResourceTag instead of aws:ResourceTag/team).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.keyInfo) continue;
        const pattern = patternedKeyMissingName(entry.keyNode.key, context.catalog);
        if (!pattern) continue;
        context.report(
          entry.keyNode.keySpan,
          `'${entry.keyNode.key}' needs a name after it: the key is '${pattern}', e.g. '${pattern.replace(/\$\{[^}]*\}|<[^>]*>/, 'team')}'.`,
        );
      }
    }
  },
};
