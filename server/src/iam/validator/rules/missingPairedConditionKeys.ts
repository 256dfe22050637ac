// Keys that are only safe together. Amazon Cognito identity pools: a role trust policy that checks
// `cognito-identity.amazonaws.com:amr` without `cognito-identity.amazonaws.com:aud` lets identities of any identity
// pool (of any account) assume the role (Cognito developer guide, "Role trust and permissions"). Only an Allow is
// overly permissive that way: a Deny with the key alone denies more, not less.
import type { Rule } from '../rule';
import { effectOf } from '../documentUtils';
import { conditionEntries, statementsOf } from '../statementFacts';

/** key (lowercase) → keys of which at least one must also appear in the statement. */
const PAIRS: ReadonlyMap<string, readonly string[]> = new Map([['cognito-identity.amazonaws.com:amr', ['cognito-identity.amazonaws.com:aud']]]);

export const missingPairedConditionKeys: Rule = {
  id: 'missingPairedConditionKeys',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_PAIRED_CONDITION_KEYS',
  description: 'A condition key that is overly permissive unless paired with another key is used alone.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (effectOf(statement) !== 'Allow') continue;
      const entries = conditionEntries(statement, context.catalog);
      const present = new Set(entries.map((e) => e.keyNode.key.toLowerCase()));
      for (const entry of entries) {
        const needed = PAIRS.get(entry.keyNode.key.toLowerCase());
        if (!needed || needed.some((k) => present.has(k))) continue;
        context.report(
          entry.keyNode.keySpan,
          `Using '${entry.keyNode.key}' without ${needed.join(' or ')} can be overly permissive: identities of any identity pool match. Add a condition on ${needed.join(' or ')}.`,
        );
      }
    }
  },
};
