// aws:SourceVpc values are VPC IDs: `vpc-` and 8 or 17 hexadecimal characters.
import type { Rule } from '../rule';
import { conditionEntries, hasPolicyVariable, statementsOf, valueText } from '../statementFacts';

const VPC_ID = /^vpc-([0-9a-fA-F]{8}|[0-9a-fA-F]{17})$/;

export const invalidVpcFormat: Rule = {
  id: 'invalidVpcFormat',
  defaultSeverity: 'error',
  awsCode: 'INVALID_VPC_FORMAT',
  description: 'An aws:SourceVpc value is not a VPC ID (vpc- followed by 8 or 17 characters).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'string' || entry.keyNode.key.toLowerCase() !== 'aws:sourcevpc') continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (/[*?]/.test(value) || hasPolicyVariable(value) || VPC_ID.test(value)) continue;
          const hint = value.startsWith('vpce-') ? ' This is a VPC endpoint ID: use aws:SourceVpce for it.' : '';
          context.report(located.span, `'${value}' is not a VPC ID: use 'vpc-' followed by 8 or 17 hexadecimal characters (e.g. vpc-1a2b3c4d).${hint}`);
        }
      }
    }
  },
};
