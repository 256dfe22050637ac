// A resource already covered by another entry of the same list (`arn:aws:s3:::b/a.txt` next to `arn:aws:s3:::b/*`,
// or a duplicate). ARNs match case-sensitively, so only exact coverage counts. A pattern can only cover texts that
// start with its literal prefix (the text before its first wildcard), so candidates are looked up by prefix: lists
// of thousands of ARNs stay linear. Thousands of wildcard ARNs sharing one prefix are still quadratic: comparisons are
// charged to a budget per document, and the rule says where it stopped.
import type { Rule } from '../rule';
import { coverCost, patternCovers, policyPattern, type Pattern } from '../arn';
import { REDUNDANCY_BUDGET, WorkBudget } from '../workBudget';
import { stoppedMessage } from './redundantAction';
import { resourceFacts, statementsOf } from '../statementFacts';
import { removeItemFix } from '../textEdits';

interface Entry {
  readonly index: number;
  readonly text: string;
  /** The literal runs of the pattern, in order: each must occur, in order, in any text the pattern covers. */
  readonly segments: readonly string[];
}

/**
 * A cheap necessary condition for `patternCovers`: the pattern's literal runs occur in order in the text (wildcards
 * of the text kept as they are, which cannot create an occurrence). Saves the dynamic program on most pairs.
 */
function segmentsInOrder(segments: readonly string[], text: string): boolean {
  let from = 0;
  for (const segment of segments) {
    if (segment === '') continue;
    const at = text.indexOf(segment, from);
    if (at < 0) return false;
    from = at + segment.length;
  }
  return true;
}

export const redundantResource: Rule = {
  id: 'redundantResource',
  defaultSeverity: 'info',
  awsCode: 'REDUNDANT_RESOURCE',
  description: 'A resource is redundant because another entry of the same statement already covers it.',
  check(context) {
    const budget = new WorkBudget(REDUNDANCY_BUDGET);
    for (const statement of statementsOf(context.document)) {
      if (budget.exhausted) break;
      const facts = resourceFacts(statement, context.catalog);
      const list = facts.list;
      if (!list || facts.items.length < 2) continue;
      const firstIndexOf = new Map<string, number>();
      const byPrefix = new Map<string, Entry[]>();
      facts.items.forEach((r, index) => {
        const text = r.item.value;
        if (!firstIndexOf.has(text)) firstIndexOf.set(text, index);
        // A policy variable is resolved per request: it does not cover anything for certain.
        const wildcard = text.search(/[*?]/);
        if (wildcard < 0 || text.includes('${')) return;
        const prefix = text.slice(0, wildcard);
        const entry = { index, text, segments: text.split(/[*?]/) };
        const bucket = byPrefix.get(prefix);
        if (bucket) bucket.push(entry);
        else byPrefix.set(prefix, [entry]);
      });
      if (byPrefix.size === 0 && firstIndexOf.size === facts.items.length) continue;
      const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
      const patterns = new Map<string, Pattern>();
      const patternOf = (text: string): Pattern => {
        let p = patterns.get(text);
        if (!p) patterns.set(text, (p = policyPattern(text)));
        return p;
      };
      facts.items.forEach((r, index) => {
        if (budget.exhausted) return;
        const text = r.item.value;
        let coveredBy: string | undefined;
        if ((firstIndexOf.get(text) ?? index) < index) coveredBy = text;
        for (const end of prefixLengths) {
          if (coveredBy !== undefined || end > text.length || !budget.charge(end + 1)) break;
          for (const outer of byPrefix.get(text.slice(0, end)) ?? []) {
            if (!budget.charge(outer.text.length + text.length)) break;
            if (outer.index === index || outer.text === text || !segmentsInOrder(outer.segments, text)) continue;
            const outerPattern = patternOf(outer.text);
            const innerPattern = patternOf(text);
            if (!budget.charge(2 * coverCost(outerPattern, innerPattern))) break;
            if (!patternCovers(outerPattern, innerPattern)) continue;
            // Two spellings of the same set: only the later one is redundant.
            if (!patternCovers(innerPattern, outerPattern) || outer.index < index) {
              coveredBy = outer.text;
              break;
            }
          }
        }
        if (budget.exhausted) {
          context.report(list.property.keySpan, stoppedMessage(facts.element ?? 'Resource', text));
          return;
        }
        if (coveredBy === undefined) return;
        const fix = removeItemFix(`Remove '${text}'`, list, list.items.indexOf(r.item), context.text);
        const why = coveredBy === text ? 'it is listed twice' : `'${coveredBy}' already covers it`;
        context.report(r.item.span, `'${text}' is redundant in ${facts.element ?? 'Resource'}: ${why}. Remove it.`, {
          unnecessary: true,
          ...(fix ? { fixes: [fix] } : {}),
        });
      });
    }
  },
};
