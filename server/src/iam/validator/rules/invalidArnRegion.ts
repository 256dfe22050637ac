// The region field of an ARN must be empty, a region code, or a pattern. A code of the right shape that is not in
// our list may be a region newer than this build, so that case is only a warning.
import { closestMatches } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { isKnownRegion, isPatternField, isRegionSyntax, KNOWN_REGIONS } from '../arn';
import { fieldRange } from '../../arn';
import { resourceFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const invalidArnRegion: Rule = {
  id: 'invalidArnRegion',
  defaultSeverity: 'error',
  awsCode: 'INVALID_ARN_REGION',
  description: 'The region of a resource ARN is not a valid region code.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        const region = arn?.parts.region ?? '';
        if (!arn || region === '' || isPatternField(region) || isKnownRegion(region)) continue;
        const range = fieldRange(arn.parts, 'region');
        const span = spanInString(context.text, resource.item, range.start, range.length);
        const suggestions = closestMatches(region, KNOWN_REGIONS, 3);
        const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
        const fixes = span === resource.item.span ? [] : suggestions.map((s) => replaceSpanFix(`Change to '${s}'`, span, s, suggestions.length === 1));
        if (isRegionSyntax(region)) {
          context.report(span, `'${region}' is not a region this tool knows; if it is a new region, ignore this.${hint}`, { fixes, severity: 'warning' });
        } else {
          context.report(span, `'${region}' is not a valid region code (e.g. us-east-1), so the ARN matches nothing.${hint}`, { fixes });
        }
      }
    }
  },
};
