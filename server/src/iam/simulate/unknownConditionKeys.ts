import { meantConditionKey, patternedKeyMissingName, type Catalog } from '../catalog';
import type { EvaluationResult } from '../evaluator';
import { capitalise, statementLabel, unknownConditionKeySentence } from '../explain';

/**
 * Statements that came close to deciding but failed on a condition testing a key the catalog does not know: the
 * explanation says the key is absent from the request, which is true but hides the cause, a key no request ever
 * carries (`aws:RequestRegion` for `aws:RequestedRegion`, `s3:prefx` for `s3:prefix`). A key of a prefix the catalog
 * has no service for (an identity provider's `accounts.google.com:aud`, a service newer than the catalog) is left
 * alone, and so is a tag key written without its tag's name, which the validator names.
 */
export function unknownConditionKeyProblems(result: EvaluationResult, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const statement of result.nearMisses) {
    for (const condition of statement.conditions) {
      if (condition.matched || !definedByNoOne(catalog, condition.key)) continue;
      problems.push(unknownConditionKeySentence(capitalise(statementLabel(statement)), condition.key, meantConditionKey(catalog, condition.key)));
    }
  }
  return problems;
}

/** True when the key is `aws:` or of a service the catalog knows, and neither defines it (nor it with a name after). */
function definedByNoOne(catalog: Catalog, key: string): boolean {
  const colon = key.indexOf(':');
  if (colon <= 0 || catalog.conditionKey(key) !== undefined || key.includes('${')) return false;
  const prefix = key.slice(0, colon);
  if (prefix.toLowerCase() !== 'aws' && catalog.service(prefix) === undefined) return false;
  // `aws:ResourceTag` or `s3:ExistingObjectTag/`: a key that takes a name, written without one.
  return patternedKeyMissingName(key, catalog) === undefined;
}
