// NotIpAddress on aws:SourceIp with private ranges: those ranges never appear in aws:SourceIp, so excluding them
// excludes nothing (all private: the condition always holds when the key is present).
import type { Rule } from '../rule';
import { isPrivateRange, parseIpRange } from '../conditionValues';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';

export const privateNotIpAddress: Rule = {
  id: 'privateNotIpAddress',
  defaultSeverity: 'error',
  awsCode: 'PRIVATE_NOTIPADDRESS',
  description: 'NotIpAddress on aws:SourceIp lists private IP ranges, which never appear in aws:SourceIp.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (operator?.base.name !== 'NotIpAddress' || entry.keyNode.key.toLowerCase() !== 'aws:sourceip') continue;
        const ranges = entry.keyNode.values.map((v) => parseIpRange(valueText(v)));
        if (ranges.some((r) => r === undefined)) continue;
        const privates = entry.keyNode.values.filter((_, i) => isPrivateRange(ranges[i] as NonNullable<(typeof ranges)[number]>));
        if (privates.length === 0) continue;
        if (privates.length === ranges.length) {
          context.report(
            entry.keyNode.keySpan,
            `aws:SourceIp holds only public addresses, and every range here is private (${privates.map((v) => valueText(v)).join(', ')}), so NotIpAddress excludes nothing. For traffic from your VPC use aws:VpcSourceIp or aws:SourceVpce.`,
          );
        } else {
          for (const v of privates) {
            context.report(
              v.span,
              `'${valueText(v)}' is a private range and never appears in aws:SourceIp, so excluding it has no effect. For traffic from your VPC use aws:VpcSourceIp or aws:SourceVpce.`,
              { awsCode: 'PRIVATE_NOTIPADDRESS_SUBSET', severity: 'info' },
            );
          }
        }
      }
    }
  },
};
