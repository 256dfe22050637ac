import { compareOrdered, orderingWords, type OperatorFamily } from './types';

/**
 * The six Numeric operators (rule 49): integers or decimals, compared as numbers (`10` equals `10.0`). A request
 * value that is not a number fails the test with a type error rather than comparing as text.
 */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

export const numericCompare: OperatorFamily = {
  compile(base, policyValue) {
    const policy = parseNumber(policyValue);
    if (policy === undefined) return { error: `"${policyValue}" is not a number (${base.name} compares numbers)` };
    return (requestValue) => {
      const request = parseNumber(requestValue);
      if (request === undefined) return 'typeError';
      return compareOrdered(base, request, policy) ? 'match' : 'noMatch';
    };
  },
  relation: (base) => orderingWords(base, 'less than', 'greater than'),
};
