import type { Explanation, Fix } from '../explain';

/**
 * A denial's explanation with its verified fixes. When one that allows the request mends the request's action
 * misspelt in a statement, the Why says so, and points at the misspelling: "no statement allows s3:GetObject" alone
 * sends the reader looking for a statement that is missing, while the one meant to allow it is there, misspelt.
 */
export function explanationWithFixes(explanation: Explanation, fixes: readonly Fix[]): Explanation {
  const mend = fixes.find((fix) => fix.decision === 'allowed' && fix.misspelt !== undefined);
  const misspelt = mend?.misspelt;
  const at = mend?.edits[0];
  if (misspelt === undefined || at === undefined) return { ...explanation, fixes };
  return {
    ...explanation,
    fixes,
    reason: `${explanation.reason}: ${misspelt.statement} lists ${misspelt.listed}, which is ${misspelt.meant} misspelt`,
    reasonFile: at.file,
    reasonSpan: at.span,
  };
}
