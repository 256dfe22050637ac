// aws:SourceVpce values are VPC endpoint IDs: `vpce-` and 8 or 17 hexadecimal characters.
import type { Rule } from '../rule';
import { conditionEntries, hasPolicyVariable, statementsOf, valueText } from '../statementFacts';

const VPCE_ID = /^vpce-([0-9a-fA-F]{8}|[0-9a-fA-F]{17})$/;

export const invalidVpceFormat: Rule = {
  id: 'invalidVpceFormat',
  defaultSeverity: 'error',
  awsCode: 'INVALID_VPCE_FORMAT',
  description: 'An aws:SourceVpce value is not a VPC endpoint ID (vpce- followed by 8 or 17 characters).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'string' || entry.keyNode.key.toLowerCase() !== 'aws:sourcevpce') continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (/[*?]/.test(value) || hasPolicyVariable(value) || VPCE_ID.test(value)) continue;
          const hint = value.startsWith('vpc-') ? ' This is a VPC ID: use aws:SourceVpc for it.' : '';
          context.report(
            located.span,
            `'${value}' is not a VPC endpoint ID: use 'vpce-' followed by 8 or 17 hexadecimal characters (e.g. vpce-1a2b3c4d).${hint}`,
          );
        }
      }
    }
  },
};
