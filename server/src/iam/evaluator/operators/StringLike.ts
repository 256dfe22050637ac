import { compileWildcard } from '../../wildcard';
import type { OperatorFamily } from './types';

/**
 * `StringLike` / `StringNotLike` (rule 48): case-sensitive match where `*` is any run of characters and `?` one
 * character, anywhere in the value (`*` crosses `/` and `:` too: only the Arn operators respect ARN components).
 */
export const stringLike: OperatorFamily = {
  compile(_base, policyValue) {
    const matcher = compileWildcard(policyValue, { caseInsensitive: false });
    return (requestValue) => (matcher(requestValue) ? 'match' : 'noMatch');
  },
  relation: () => 'like',
};
