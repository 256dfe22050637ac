// Values of aws:RequestedRegion (and ec2:Region) must be region codes. A code of the right shape that is not in
// our list may be a newer region, so that case is a warning.
import { closestMatches } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { isKnownRegion, isRegionSyntax, KNOWN_REGIONS } from '../arn';
import { conditionEntries, hasPolicyVariable, statementsOf, valueText } from '../statementFacts';
import { replaceStringFix } from '../textEdits';

const REGION_KEYS = new Set(['aws:requestedregion', 'ec2:region']);

export const invalidRegion: Rule = {
  id: 'invalidRegion',
  defaultSeverity: 'error',
  awsCode: 'INVALID_REGION',
  description: 'A region condition value (aws:RequestedRegion) is not a region code.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'string' || !REGION_KEYS.has(entry.keyNode.key.toLowerCase())) continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          if (value.includes('*') || value.includes('?') || hasPolicyVariable(value) || isKnownRegion(value)) continue;
          const suggestions = closestMatches(value, KNOWN_REGIONS, 3);
          const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
          const fixes =
            typeof located.value === 'string' ? suggestions.map((s) => replaceStringFix(`Change to '${s}'`, located, s, suggestions.length === 1)) : [];
          if (isRegionSyntax(value)) {
            context.report(located.span, `'${value}' is not a region this tool knows; if it is a new region, ignore this.${hint}`, {
              fixes,
              severity: 'warning',
            });
          } else {
            context.report(located.span, `'${value}' is not a region code (e.g. eu-west-1), so it never matches ${entry.keyNode.key}.${hint}`, { fixes });
          }
        }
      }
    }
  },
};
