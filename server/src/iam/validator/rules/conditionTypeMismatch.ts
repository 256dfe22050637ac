// The operator family should match the key's type: NumericLessThan for Numeric keys, DateGreaterThan for Date
// keys, and so on. String operators on ARN keys work (ARNs are strings) and only get a hint to use ARN operators,
// as parliament's MISMATCHED_TYPE_BUT_USABLE does.
import type { ConditionKeyType } from '../../catalog/types';
import type { OperatorCategory } from '../../conditionOperators';
import type { Rule } from '../rule';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';

/** `${aws:SourceVpc}`: a value that is one policy variable and nothing else. */
const WHOLE_VARIABLE = /^\$\{[^{}]+\}$/;

function categoryOfType(type: ConditionKeyType): OperatorCategory {
  switch (type) {
    case 'String':
    case 'ArrayOfString':
      return 'string';
    case 'ARN':
    case 'ArrayOfARN':
      return 'arn';
    case 'Bool':
    case 'ArrayOfBool':
      return 'bool';
    case 'Date':
    case 'ArrayOfDate':
      return 'date';
    case 'IPAddress':
    case 'ArrayOfIPAddress':
      return 'ip';
    case 'Numeric':
    case 'ArrayOfNumeric':
      return 'numeric';
    case 'Binary':
    case 'ArrayOfBinary':
      return 'binary';
    default: {
      const unexpected: never = type;
      return unexpected;
    }
  }
}

const OPERATOR_EXAMPLES: Readonly<Record<OperatorCategory, string>> = {
  string: 'String operators (StringEquals, StringLike, …)',
  arn: 'ARN operators (ArnEquals, ArnLike, …)',
  bool: 'Bool',
  date: 'Date operators (DateLessThan, DateGreaterThan, …)',
  ip: 'IpAddress / NotIpAddress',
  numeric: 'Numeric operators (NumericLessThan, NumericEquals, …)',
  binary: 'BinaryEquals',
  null: 'Null',
};

export const conditionTypeMismatch: Rule = {
  id: 'conditionTypeMismatch',
  defaultSeverity: 'warning',
  awsCode: 'TYPE_MISMATCH',
  description: "A condition operator's type does not match the condition key's type.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        const info = entry.keyInfo;
        if (!operator || !info || operator.base.category === 'null') continue;
        const expected = categoryOfType(info.type);
        const actual = operator.base.category;
        if (expected === actual) continue;
        // ARN operators on String keys that hold ARNs are common and work; String operators on ARN keys too.
        if (expected === 'string' && actual === 'arn') continue;
        // Policy variables work only with String and ARN operators, so comparing a key with another key's value
        // (`"aws:Ec2InstanceSourcePrivateIPv4": "${aws:VpcSourceIp}"`) can only be written with a String operator: AWS's
        // condition-key reference does exactly that. Whole-variable values are the one case the mismatch is the fix.
        const values = entry.keyNode.values;
        if (actual === 'string' && values.length > 0 && values.every((value) => WHOLE_VARIABLE.test(valueText(value)))) continue;
        if (expected === 'arn' && actual === 'string') {
          context.report(
            entry.keyNode.keySpan,
            `'${info.key}' holds ARNs: ${operator.text} works, but ARN operators (ArnLike, ArnEquals) match ARNs field by field and are the safer choice.`,
            { severity: 'hint' },
          );
          continue;
        }
        context.report(
          entry.operatorNode.operatorSpan,
          `'${entry.keyNode.key}' is of type ${info.type}, but ${operator.text} compares ${actual === 'ip' ? 'IP addresses' : `${actual} values`}. Use ${OPERATOR_EXAMPLES[expected]}.`,
        );
      }
    }
  },
};
