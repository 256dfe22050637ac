import type { BaseOperator } from '../../conditionOperators';
import { assertNever } from '../../policyTypes';
import { arnLike } from './ArnLike';
import { binaryEquals } from './BinaryEquals';
import { bool } from './Bool';
import { dateCompare } from './DateCompare';
import { ipAddress } from './IpAddress';
import { numericCompare } from './NumericCompare';
import { stringEquals } from './StringEquals';
import { stringLike } from './StringLike';
import type { OperatorFamily } from './types';

/** The family that implements a base operator; `null` for `Null`, which the evaluator treats as a presence test. */
export function operatorFamily(base: BaseOperator): OperatorFamily | null {
  switch (base.category) {
    case 'string':
      return base.comparison === 'like' ? stringLike : stringEquals;
    case 'numeric':
      return numericCompare;
    case 'date':
      return dateCompare;
    case 'bool':
      return bool;
    case 'binary':
      return binaryEquals;
    case 'ip':
      return ipAddress;
    case 'arn':
      return arnLike;
    case 'null':
      return null;
    default:
      return assertNever(base.category);
  }
}
