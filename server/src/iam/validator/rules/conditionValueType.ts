// Values must suit the operator: "true"/"false" for Bool, numbers for Numeric, dates for Date, CIDR ranges for
// IpAddress, base-64 for BinaryEquals. AWS accepts the policy, but a value it cannot read never matches.
// Values with a policy variable are left to invalidVariableForOperator.
import type { Rule } from '../rule';
import { dateValueKind, isBase64Value, isBoolValue, isNumericValue, parseIpRange } from '../conditionValues';
import { conditionEntries, hasPolicyVariable, statementsOf, valueText } from '../statementFacts';

export const conditionValueType: Rule = {
  id: 'conditionValueType',
  defaultSeverity: 'warning',
  description: 'A condition value cannot be read as the type its operator compares (Bool, Numeric, Date, IP, Binary).',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (!operator) continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (hasPolicyVariable(value)) continue;
          const name = operator.text;
          switch (operator.base.category) {
            case 'bool':
              if (!isBoolValue(value)) context.report(located.span, `${name} takes "true" or "false", not '${value}'.`, { awsCode: 'TYPE_MISMATCH_BOOLEAN' });
              break;
            case 'numeric':
              if (!isNumericValue(value))
                context.report(located.span, `${name} takes a number (e.g. 10 or 2.5), not '${value}'.`, { awsCode: 'TYPE_MISMATCH_NUMBER' });
              break;
            case 'date':
              if (dateValueKind(value) === 'invalid')
                context.report(located.span, `${name} takes a date such as 2026-01-31 or 2026-01-31T12:00:00Z (ISO 8601) or epoch seconds, not '${value}'.`, {
                  awsCode: 'TYPE_MISMATCH_DATE',
                });
              break;
            case 'ip':
              if (!parseIpRange(value))
                context.report(located.span, `${name} takes an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32), not '${value}'.`, {
                  awsCode: 'TYPE_MISMATCH_IP_RANGE',
                });
              break;
            case 'binary':
              if (!isBase64Value(value))
                context.report(located.span, `${name} takes a base-64 encoded value; '${value}' is not valid base-64.`, { awsCode: 'TYPE_MISMATCH_STRING' });
              break;
            case 'string':
            case 'arn':
            case 'null':
              break;
          }
        }
      }
    }
  },
};
