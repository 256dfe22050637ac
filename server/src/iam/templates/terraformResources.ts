/**
 * The Terraform AWS provider's resource types that hold policy documents, with the argument that holds each and the
 * policy type AWS evaluates it as. Shared by the .tf reader and the plan reader.
 */
import type { PolicyType } from '../policyTypes';

export interface TerraformPolicyArgument {
  readonly argument: string;
  readonly type: PolicyType;
  readonly what: string;
}

export const TERRAFORM_POLICY_ARGUMENTS: Readonly<Record<string, readonly TerraformPolicyArgument[]>> = {
  aws_iam_role: [{ argument: 'assume_role_policy', type: 'trust', what: 'trust policy' }],
  aws_iam_role_policy: [{ argument: 'policy', type: 'identity', what: 'inline policy' }],
  aws_iam_user_policy: [{ argument: 'policy', type: 'identity', what: 'inline policy' }],
  aws_iam_group_policy: [{ argument: 'policy', type: 'identity', what: 'inline policy' }],
  aws_iam_policy: [{ argument: 'policy', type: 'identity', what: 'managed policy' }],
  aws_s3_bucket_policy: [{ argument: 'policy', type: 'resource', what: 'bucket policy' }],
  aws_sqs_queue_policy: [{ argument: 'policy', type: 'resource', what: 'queue policy' }],
  aws_sqs_queue: [{ argument: 'policy', type: 'resource', what: 'queue policy' }],
  aws_sns_topic_policy: [{ argument: 'policy', type: 'resource', what: 'topic policy' }],
  aws_kms_key: [{ argument: 'policy', type: 'resource', what: 'key policy' }],
  aws_secretsmanager_secret_policy: [{ argument: 'policy', type: 'resource', what: 'secret policy' }],
  aws_ecr_repository_policy: [{ argument: 'policy', type: 'resource', what: 'repository policy' }],
  aws_organizations_policy: [{ argument: 'content', type: 'scp', what: 'organization policy' }],
};

/** `aws_organizations_policy` holds an SCP or an RCP depending on its `type` (SCP when unset, as in the provider). */
export function organizationsPolicyType(type: string | undefined): PolicyType | undefined {
  if (type === undefined || type === 'SERVICE_CONTROL_POLICY') return 'scp';
  if (type === 'RESOURCE_CONTROL_POLICY') return 'rcp';
  return undefined;
}
