import { parsePolicy } from '../parser';
import type { PolicyRef } from './model';
import { CompilablePolicyRef } from './policyRef';

/**
 * `RCPFullAWSAccess`, which AWS attaches to the root, every OU and every account and which cannot be detached
 * (rule 6). The model lists only the other RCPs; the evaluator adds this one at every level. One object per process,
 * so its compiled form is cached like any other policy.
 */
const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
`;

export const RCP_FULL_AWS_ACCESS: PolicyRef = new CompilablePolicyRef(
  {
    name: 'RCPFullAWSAccess',
    type: 'rcp',
    arn: 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
    attachedTo: 'every root, OU and account (AWS managed, cannot be detached)',
  },
  { parsed: parsePolicy(TEXT) },
);
