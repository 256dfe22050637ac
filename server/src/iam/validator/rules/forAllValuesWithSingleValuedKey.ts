// ForAllValues over a single-valued key is true when the key is absent, so an Allow with it grants more than it
// seems to (AWS: "can be overly permissive"); a Deny with it applies when the key is missing, so it denies more than
// it seems to. AWS's guidance is the same for both (use ForAllValues only with multivalued keys); the words differ.
import type { Rule } from '../rule';
import { effectOf } from '../documentUtils';
import { conditionEntries, statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

export const forAllValuesWithSingleValuedKey: Rule = {
  id: 'forAllValuesWithSingleValuedKey',
  defaultSeverity: 'warning',
  awsCode: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
  description: 'ForAllValues is used with a single-valued condition key (true when the key is missing).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (operator?.qualifier !== 'ForAllValues' || operator.base.category === 'null') continue;
        if (!entry.keyInfo || entry.keyInfo.multiValued) continue;
        const plain = `${operator.base.name}${operator.ifExists ? 'IfExists' : ''}`;
        const single = entry.operatorNode.keys.length === 1;
        const effect = effectOf(statement) === 'Deny' ? 'deny' : 'grant';
        context.report(
          entry.keyNode.keySpan,
          `'${entry.keyNode.key}' is single-valued: ForAllValues also matches when the key is missing, which can ${effect} more than intended. Use ${plain}.`,
          {
            fixes: single ? [replaceSpanFix(`Change to '${plain}'`, entry.operatorNode.operatorSpan, JSON.stringify(plain), true)] : [],
          },
        );
      }
    }
  },
};
