/**
 * Policy size quotas, in characters with white space not counted (IAM and Organizations quotas; see
 * the IAM quotas page, docs/evaluation.md rule 68). Resource policies vary by service; 20,480 is the S3 bucket policy limit, the most
 * common case, and we say so in the meter.
 */
import type { PolicyType } from '../policyTypes';
import { assertNever } from '../policyTypes';
import { countText } from '../countText';

export interface SizeQuota {
  readonly limit: number;
  readonly note: string;
}

export function sizeQuota(type: PolicyType): SizeQuota {
  switch (type) {
    case 'identity':
      return { limit: 6144, note: 'managed policy quota (inline: 2,048 per user, 5,120 per group, 10,240 per role, all inline policies together)' };
    case 'boundary':
      return { limit: 6144, note: 'managed policy quota' };
    case 'trust':
      return { limit: 2048, note: 'role trust policy quota (4,096 with a quota increase)' };
    case 'scp':
      return { limit: 5120, note: 'service control policy quota' };
    case 'rcp':
      return { limit: 5120, note: 'resource control policy quota' };
    case 'session':
      return { limit: 2048, note: 'session policy quota' };
    case 'resource':
      return { limit: 20480, note: 'S3 bucket policy quota (other services differ)' };
    case 'endpoint':
      return { limit: 20480, note: 'VPC endpoint policy quota' };
    default:
      return assertNever(type);
  }
}

/** Characters AWS counts: everything except white space outside strings is what IAM measures; we drop all. */
export function countedCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) count++;
  }
  return count;
}

/** A one-line meter: `1,234 / 6,144 characters (20%) ▰▰▱▱▱▱▱▱▱▱`. */
export function sizeMeter(text: string, type: PolicyType): string {
  const quota = sizeQuota(type);
  const used = countedCharacters(text);
  const ratio = used / quota.limit;
  const filled = Math.min(10, Math.round(ratio * 10));
  const bar = '▰'.repeat(filled) + '▱'.repeat(10 - filled);
  const percent = Math.round(ratio * 100);
  return `**Size:** ${countText(used)} / ${countText(quota.limit)} characters (${percent}%) ${bar}  \n${quota.note}; white space not counted.${used > quota.limit ? ' **Over the quota:** AWS will reject this policy.' : ''}`;
}
