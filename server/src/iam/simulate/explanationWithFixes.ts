import { capitalise, type Explanation, type Fix } from '../explain';

/**
 * A denial's explanation with its verified fixes. When one that allows the request mends the request's action
 * misspelt in a statement, the Why says so: "no statement allows s3:GetObject" alone sends the reader looking for a
 * statement that is missing, while the one meant to allow it is there, misspelt. A Why that names no place then points
 * at the misspelling; one that names another statement (a near miss) keeps its place, and the misspelling is a
 * sentence of its own after it.
 */
export function explanationWithFixes(explanation: Explanation, fixes: readonly Fix[]): Explanation {
  // A statement that misses for a reason a fix mends (a policy without Version, whose variables are text) says it.
  const cause = fixes.find((fix) => fix.decision === 'allowed' && fix.cause !== undefined)?.cause;
  if (cause !== undefined) return { ...explanation, fixes, reason: `${explanation.reason}. ${capitalise(cause)}.` };
  const mend = fixes.find((fix) => fix.decision === 'allowed' && fix.misspelt !== undefined);
  const misspelt = mend?.misspelt;
  const at = mend?.edits[0];
  if (misspelt === undefined || at === undefined) return { ...explanation, fixes };
  const typo = `${misspelt.statement} lists ${misspelt.listed}, which is ${misspelt.meant} misspelt`;
  if (explanation.reasonSpan !== undefined) return { ...explanation, fixes, reason: `${explanation.reason}. ${capitalise(typo)}.` };
  return { ...explanation, fixes, reason: `${explanation.reason}: ${typo}`, reasonFile: at.file, reasonSpan: at.span };
}
