// Policy size quotas, counted as AWS counts them: characters without the white space between JSON tokens (white space
// inside strings counts). Sources: IAM and STS quotas, the Organizations quotas page, the VPC endpoint guide.
// Resource-based policies are left out: each service has its own limit (S3 20 KB, KMS 32 KB, SQS/SNS…).
import type { Severity } from '../../findings';
import type { PolicyType } from '../../policyTypes';
import type { Rule } from '../rule';
import { countText } from '../../countText';

interface Quota {
  readonly limit: number;
  readonly what: string;
  readonly severity: Severity;
  readonly awsCode?: string;
  /** VPC endpoint policies count white space too. */
  readonly countWhitespace?: boolean;
  /**
   * Organizations counts every character of the text as uploaded ("All characters in your SCP count against its
   * maximum size … you can delete any white space outside quotation marks"). Over the limit only because of white
   * space is a warning (deployment tools often minify); over it without white space is an error.
   */
  readonly uploadedAsWritten?: boolean;
}

const QUOTAS: Partial<Record<PolicyType, Quota>> = {
  // A managed policy may hold 6,144 characters; as an inline policy the limit depends on the entity (2,048 for a
  // user, 5,120 for a group, 10,240 for a role, all inline policies together), so it is a warning.
  identity: { limit: 6144, what: 'managed policies', severity: 'warning', awsCode: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA' },
  boundary: { limit: 6144, what: 'managed policies (a permissions boundary is one)', severity: 'error', awsCode: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA' },
  // 2,048 by default; an account can raise it to 4,096, hence a warning.
  trust: {
    limit: 2048,
    what: 'role trust policies (4,096 with a quota increase)',
    severity: 'warning',
    awsCode: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
  },
  scp: { limit: 5120, what: 'service control policies', severity: 'error', awsCode: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', uploadedAsWritten: true },
  // Guess pinned by a test: Organizations gives RCPs the same 5,120 characters as SCPs.
  rcp: { limit: 5120, what: 'resource control policies', severity: 'error', uploadedAsWritten: true },
  session: { limit: 2048, what: 'session policies', severity: 'error' },
  endpoint: { limit: 20480, what: 'VPC endpoint policies (white space included)', severity: 'error', countWhitespace: true },
};

export const policySize: Rule = {
  id: 'policySize',
  defaultSeverity: 'warning',
  awsCode: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  description: 'The policy is longer than AWS accepts for its type (white space between tokens not counted).',
  check(context) {
    const quota = QUOTAS[context.type];
    const document = context.document;
    if (!quota || !document) return;
    // Quick exit: a text shorter than the limit cannot exceed it.
    if (context.text.length <= quota.limit) return;
    const size = quota.countWhitespace ? context.text.length : (context.sizeWithoutWhitespace ?? countWithoutWhitespace(context.text));
    if (size <= quota.limit) {
      if (quota.uploadedAsWritten) {
        context.report(
          { offset: document.span.offset, length: 1 },
          `As written the policy has ${countText(context.text.length)} characters, and Organizations counts white space: more than the ${countText(quota.limit)} allowed for ${quota.what}. Without white space it has ${countText(size)}; remove the white space outside strings before uploading.`,
          { severity: 'warning', ...(quota.awsCode ? { awsCode: quota.awsCode } : {}) },
        );
      }
      return;
    }
    context.report(
      { offset: document.span.offset, length: 1 },
      `The policy has ${countText(size)} characters${quota.countWhitespace ? '' : ' without white space'}, more than the ${countText(quota.limit)} AWS allows for ${quota.what}. Split it into several policies, or shorten it with wildcards.`,
      { severity: quota.severity, ...(quota.awsCode ? { awsCode: quota.awsCode } : {}) },
    );
  },
};

/** Counts characters outside JSON white space; white space inside string literals counts. One pass, no allocation. */
export function countWithoutWhitespace(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      count++;
      if (c === 92 /* \ */) {
        i++;
        if (i < text.length) count++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      continue;
    } else {
      count++;
      if (c === 34) inString = true;
    }
  }
  return count;
}
