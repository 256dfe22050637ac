// Multi-valued keys (aws:TagKeys, aws:CalledVia, aws:PrincipalOrgPaths) carry a set of values: compare them with
// ForAnyValue: or ForAllValues:. AWS accepts the policy without one, so this is a warning rather than Access
// Analyzer's error.
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';

export const missingQualifier: Rule = {
  id: 'missingQualifier',
  defaultSeverity: 'warning',
  awsCode: 'MISSING_QUALIFIER',
  description: 'A multi-valued condition key is used without ForAllValues or ForAnyValue.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (!operator || operator.qualifier || operator.base.category === 'null' || !entry.keyInfo?.multiValued) continue;
        context.report(
          entry.keyNode.keySpan,
          `'${entry.keyNode.key}' can hold several values in a request. Use ForAnyValue:${operator.base.name}${operator.ifExists ? 'IfExists' : ''} (at least one matches) or ForAllValues:${operator.base.name}${operator.ifExists ? 'IfExists' : ''} (all match) to say which you mean.`,
        );
      }
    }
  },
};
