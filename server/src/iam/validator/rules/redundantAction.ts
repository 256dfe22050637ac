// An action already covered by another entry of the same list (`s3:GetObject` next to `s3:Get*`, or a duplicate).
// Comparison is case-insensitive, as action matching is. Only wildcard entries can cover others, so the work is
// (entries × wildcard entries), not quadratic in the length of long lists such as ReadOnlyAccess. A list of thousands
// of wildcard entries is still quadratic: the comparisons are charged to a budget per document, and the rule says
// where it stopped.
import type { Rule } from '../rule';
import { compileWildcard, type WildcardMatcher } from '../../wildcard';
import { coverCost, patternCovers, policyPattern } from '../arn';
import { REDUNDANCY_BUDGET, WorkBudget } from '../workBudget';
import { actionFacts, statementsOf, type ActionItem } from '../statementFacts';
import { removeItemFix } from '../textEdits';

export const redundantAction: Rule = {
  id: 'redundantAction',
  defaultSeverity: 'info',
  awsCode: 'REDUNDANT_ACTION',
  description: 'An action is redundant because another entry of the same statement already covers it.',
  check(context) {
    const budget = new WorkBudget(REDUNDANCY_BUDGET);
    for (const statement of statementsOf(context.document)) {
      if (budget.exhausted) break;
      const facts = actionFacts(statement, context.catalog);
      const list = facts.list;
      if (!list || facts.items.length < 2) continue;
      const candidates = facts.items.filter((i) => i.kind !== 'malformed');
      const firstIndexOf = new Map<string, number>();
      candidates.forEach((item, index) => {
        const key = item.item.value.toLowerCase();
        if (!firstIndexOf.has(key)) firstIndexOf.set(key, index);
      });
      const wildcards = candidates
        .map((item, index) => ({ item, index, text: item.item.value.toLowerCase(), matcher: undefined as WildcardMatcher | undefined }))
        .filter((w) => w.item.kind === 'all' || w.item.nameHasWildcard || w.item.serviceHasWildcard);
      // Wildcard entries by service: a literal service can only be covered by its own service's patterns and by
      // patterns with a wildcard service (kept under the empty key).
      const byService = new Map<string, typeof wildcards>();
      for (const w of wildcards) {
        const key = w.item.kind === 'all' || w.item.serviceHasWildcard ? '' : w.item.service.toLowerCase();
        const bucket = byService.get(key);
        if (bucket) bucket.push(w);
        else byService.set(key, [w]);
      }
      const anyService = byService.get('') ?? [];
      // The wildcards that may cover an entry of each service, built once per service rather than once per entry.
      const relevantFor = new Map<string, typeof wildcards>();
      candidates.forEach((inner, innerIndex) => {
        if (budget.exhausted) return;
        const innerText = inner.item.value.toLowerCase();
        let coveredBy: ActionItem | undefined;
        const first = firstIndexOf.get(innerText) ?? innerIndex;
        if (first < innerIndex) coveredBy = candidates[first];
        let relevant = wildcards;
        if (!inner.serviceHasWildcard && inner.kind !== 'all') {
          const service = inner.service.toLowerCase();
          relevant = relevantFor.get(service) ?? [...anyService, ...(byService.get(service) ?? [])];
          relevantFor.set(service, relevant);
        }
        for (const w of relevant) {
          if (coveredBy) break;
          if (!budget.charge(w.text.length + innerText.length)) {
            context.report(list.property.keySpan, stoppedMessage(facts.element ?? 'Action', inner.item.value));
            return;
          }
          if (w.index === innerIndex || w.text === innerText) continue;
          if (w.item.kind === 'all') {
            if (inner.kind !== 'all') coveredBy = w.item;
            continue;
          }
          if (inner.kind === 'all') continue;
          if (!inner.nameHasWildcard && !inner.serviceHasWildcard) {
            w.matcher ??= compileWildcard(w.text, { caseInsensitive: true });
            if (w.matcher(innerText)) coveredBy = w.item;
            continue;
          }
          const outer = policyPattern(w.text);
          const innerPattern = policyPattern(innerText);
          if (!budget.charge(2 * coverCost(outer, innerPattern))) {
            context.report(list.property.keySpan, stoppedMessage(facts.element ?? 'Action', inner.item.value));
            return;
          }
          if (!patternCovers(outer, innerPattern)) continue;
          // Two spellings of the same set (`s3:*` and `s3:**`): only the later one is redundant.
          if (!patternCovers(innerPattern, outer) || w.index < innerIndex) coveredBy = w.item;
        }
        if (!coveredBy) return;
        const fix = removeItemFix(`Remove '${inner.item.value}'`, list, list.items.indexOf(inner.item), context.text);
        context.report(
          inner.item.span,
          `'${inner.item.value}' is redundant: '${coveredBy.item.value}' in the same ${facts.element ?? 'Action'} list already covers it. Remove it.`,
          { unnecessary: true, ...(fix ? { fixes: [fix] } : {}) },
        );
      });
    }
  },
};

/** Said once, where the rule gave up: the user learns that the silence after this point is not a verdict. */
export function stoppedMessage(element: string, at: string): string {
  const shown = at.length > 60 ? `${at.slice(0, 60)}…` : at;
  return `Too many wildcard entries to compare pairwise: the search for redundant ${element} entries stopped at '${shown}'; entries from there on were not checked.`;
}
