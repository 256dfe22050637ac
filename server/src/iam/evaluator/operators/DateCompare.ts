import { compareOrdered, orderingWords, type OperatorFamily } from './types';

/**
 * The six Date operators (rule 50). Values are ISO-8601 (`2026-01-31`, `2026-01-31T12:00:00Z`, with an offset or
 * fractional seconds) or POSIX epoch seconds, on either side; both are turned into milliseconds before comparing.
 */
const ISO = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^-?\d+(\.\d+)?$/;

/** Milliseconds since the epoch, or undefined when the text is not a date AWS accepts. */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  if (!ISO.test(trimmed)) return undefined;
  // Date.parse reads a date-only form as UTC midnight and a date-time without zone as local time; AWS means UTC.
  const normalised = /[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed.replace(' ', 'T');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

export const dateCompare: OperatorFamily = {
  compile(base, policyValue) {
    const policy = parseDate(policyValue);
    if (policy === undefined) {
      return { error: `"${policyValue}" is not a date (${base.name} takes ISO 8601 or epoch seconds)` };
    }
    return (requestValue) => {
      const request = parseDate(requestValue);
      if (request === undefined) return 'typeError';
      return compareOrdered(base, request, policy) ? 'match' : 'noMatch';
    };
  },
  relation: (base) => orderingWords(base, 'before', 'after'),
};
