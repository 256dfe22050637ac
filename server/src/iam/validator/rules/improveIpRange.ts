// `203.0.113.9/24`: the bits after the prefix are ignored, so the range is 203.0.113.0/24; say so explicitly.
import type { Rule } from '../rule';
import { formatAddress, networkAddress, parseIpRange } from '../conditionValues';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';
import { replaceStringFix } from '../textEdits';

export const improveIpRange: Rule = {
  id: 'improveIpRange',
  defaultSeverity: 'info',
  awsCode: 'IMPROVE_IP_RANGE',
  description: 'An IP range has host bits set after its prefix, which AWS ignores.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        if (entry.operator?.base.category !== 'ip') continue;
        for (const located of entry.keyNode.values) {
          const value = valueText(located);
          const range = parseIpRange(value);
          if (!range || range.bare) continue;
          const network = networkAddress(range);
          if (network.every((b, i) => b === range.bytes[i])) continue;
          const better = `${formatAddress(network, range.v6)}/${range.prefix}`;
          context.report(located.span, `The bits of '${value}' after the /${range.prefix} prefix are ignored: the range is ${better}. Write it that way.`, {
            fixes: typeof located.value === 'string' ? [replaceStringFix(`Change to '${better}'`, located, better, true)] : [],
          });
        }
      }
    }
  },
};
