// aws:SourceIp carries only public addresses (requests through a VPC endpoint have none): an IpAddress condition on
// private ranges never matches. Only private ranges: an error (the statement never applies); a mix: information.
import type { Rule } from '../rule';
import { isPrivateRange, parseIpRange } from '../conditionValues';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';

export const privateIpAddress: Rule = {
  id: 'privateIpAddress',
  defaultSeverity: 'error',
  awsCode: 'PRIVATE_IP_ADDRESS',
  description: 'IpAddress on aws:SourceIp lists private IP ranges, which never appear in aws:SourceIp.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (operator?.base.name !== 'IpAddress' || entry.keyNode.key.toLowerCase() !== 'aws:sourceip') continue;
        const ranges = entry.keyNode.values.map((v) => parseIpRange(valueText(v)));
        if (ranges.some((r) => r === undefined)) continue;
        const privates = entry.keyNode.values.filter((_, i) => isPrivateRange(ranges[i] as NonNullable<(typeof ranges)[number]>));
        if (privates.length === 0) continue;
        if (privates.length === ranges.length) {
          context.report(
            entry.keyNode.keySpan,
            `aws:SourceIp holds only public addresses, and every range here is private (${privates.map((v) => valueText(v)).join(', ')}), so this condition never matches. For traffic from your VPC use aws:VpcSourceIp or aws:SourceVpce.`,
          );
        } else {
          for (const v of privates) {
            context.report(
              v.span,
              `'${valueText(v)}' is a private range and never appears in aws:SourceIp, so it has no effect here. For traffic from your VPC use aws:VpcSourceIp or aws:SourceVpce.`,
              { awsCode: 'PRIVATE_IP_ADDRESS_SUBSET', severity: 'info' },
            );
          }
        }
      }
    }
  },
};
