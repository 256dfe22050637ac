// An `aws:` key that AWS does not define (typo: `aws:SourceIP` is fine, key names are case-insensitive, but
// `aws:SourceIpAddress` is not a key). No request carries it: with a positive operator the statement never applies,
// and with …IfExists, a negated operator or Null "true" the condition always holds (absentKeyEffect.ts).
// A warning rather than Access Analyzer's error: IAM accepts unknown keys, and AWS's own managed policies use
// undocumented ones (aws:PrincipalOrgMasterAccountId).
import { closestConditionKeys, patternedKeyMissingName } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';
import { wordAwayMatches } from '../wordAway';
import { absentKeyEffect } from '../absentKeyEffect';

export const unknownGlobalConditionKey: Rule = {
  id: 'unknownGlobalConditionKey',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_GLOBAL_CONDITION_KEY',
  description: "A condition key with the 'aws:' prefix does not exist.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const key = entry.keyNode.key;
        if (entry.keyInfo || !key.toLowerCase().startsWith('aws:')) continue;
        // Reported by their own rules: aws:ARN (deprecated) and tag keys without a tag name.
        if (key.toLowerCase() === 'aws:arn' || patternedKeyMissingName(key, context.catalog)) continue;
        const names = context.catalog
          .globalConditionKeys()
          .filter((k) => k.key.startsWith('aws:'))
          .map((k) => k.key);
        const close = closestConditionKeys(key, names, 3);
        const suggestions = close.length > 0 ? close : wordAwayMatches(key, names, 3);
        const fixes = suggestions.map((s) => replaceSpanFix(`Change to '${s}'`, entry.keyNode.keySpan, JSON.stringify(s), suggestions.length === 1));
        context.report(
          entry.keyNode.keySpan,
          `'${key}' is not an AWS global condition key, so ${absentKeyEffect(entry)}.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ''}`,
          { fixes },
        );
      }
    }
  },
};
