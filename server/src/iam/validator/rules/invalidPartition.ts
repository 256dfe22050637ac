// The partition field must name an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, …) or be a pattern.
import { closestMatches } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { isPatternField, KNOWN_PARTITIONS } from '../arn';
import { fieldRange } from '../../arn';
import { resourceFacts, statementsOf } from '../statementFacts';
import { spanInString } from '../documentUtils';
import { replaceSpanFix } from '../textEdits';

export const invalidPartition: Rule = {
  id: 'invalidPartition',
  defaultSeverity: 'error',
  awsCode: 'INVALID_PARTITION',
  description: 'A resource ARN names a partition that does not exist.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const resource of resourceFacts(statement, context.catalog).items) {
        const arn = resource.arn;
        if (!arn || isPatternField(arn.parts.partition) || KNOWN_PARTITIONS.includes(arn.parts.partition)) continue;
        const range = fieldRange(arn.parts, 'partition');
        const span = range.length > 0 ? spanInString(context.text, resource.item, range.start, range.length) : resource.item.span;
        const suggestions = closestMatches(arn.parts.partition, KNOWN_PARTITIONS, 2);
        const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
        const fixes = span === resource.item.span ? [] : suggestions.map((s) => replaceSpanFix(`Change to '${s}'`, span, s, suggestions.length === 1));
        context.report(
          span,
          `${arn.parts.partition === '' ? 'The partition of the ARN is empty' : `'${arn.parts.partition}' is not an AWS partition`} (use one of ${KNOWN_PARTITIONS.join(', ')}).${hint}`,
          { fixes },
        );
      }
    }
  },
};
