import { closestMatches, type Catalog } from '../catalog';
import type { EvaluationResult } from '../evaluator';
import { capitalise, statementLabel, unknownConditionKeySentence } from '../explain';

/**
 * Statements that came close to deciding but failed on a condition testing an `aws:` key the catalog does not know:
 * the explanation says the key is absent from the request, which is true but hides the cause, a key no request ever
 * carries (`aws:RequestRegion` for `aws:RequestedRegion`). Service keys are left to the validator, which knows which
 * actions each applies to.
 */
export function unknownConditionKeyProblems(result: EvaluationResult, catalog: Catalog): string[] {
  const problems: string[] = [];
  let globalKeys: string[] | undefined;
  for (const statement of result.nearMisses) {
    for (const condition of statement.conditions) {
      if (condition.matched || !condition.key.toLowerCase().startsWith('aws:') || catalog.conditionKey(condition.key) !== undefined) continue;
      globalKeys ??= catalog
        .globalConditionKeys()
        .map((k) => k.key)
        .filter((k) => k.startsWith('aws:'));
      problems.push(unknownConditionKeySentence(capitalise(statementLabel(statement)), condition.key, closestMatches(condition.key, globalKeys, 1)[0]));
    }
  }
  return problems;
}
