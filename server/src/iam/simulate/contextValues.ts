import type { ConditionTrace } from '../evaluator/types';

const MAX_VALUES = 6;

/**
 * Values worth trying for a condition key, so that the condition flips: the policy's own values (wildcards filled
 * in), their neighbours for numbers, an address inside each CIDR, and one value unlike any of them. Which of them
 * changes the decision is found by evaluating again; here we only guess well and few.
 */
export function contextCandidates(condition: ConditionTrace): string[] {
  const base = condition.operator.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
  const values = condition.resolvedPolicyValues ?? condition.policyValues;
  const out: string[] = [];
  const add = (v: string) => {
    if (!out.includes(v)) out.push(v);
  };
  if (base === 'Bool') {
    add('true');
    add('false');
  } else if (base === 'Null') {
    add('example');
  } else if (base.startsWith('Numeric')) {
    for (const v of values) {
      const n = Number(v);
      if (!Number.isFinite(n)) continue;
      add(String(n));
      add(String(n - 1));
      add(String(n + 1));
    }
  } else if (base.startsWith('Date')) {
    values.forEach(add);
    add('1970-01-01T00:00:00Z');
    add('2999-01-01T00:00:00Z');
  } else if (base === 'IpAddress' || base === 'NotIpAddress') {
    for (const v of values) add(v.replace(/\/\d+$/, ''));
    add('192.0.2.10');
    add('198.51.100.10');
  } else {
    for (const v of values) add(v.replace(/\*/g, 'example').replace(/\?/g, 'x'));
    add(values.some((v) => v.startsWith('arn:')) ? 'arn:aws:iam::000000000000:root' : 'other-value');
  }
  return out.slice(0, MAX_VALUES);
}
