/**
 * Small tables of values AWS documents outside the action catalog, used for completion and hover.
 */
import { KNOWN_REGIONS } from '../regions';

/** Every Region code the core knows (commercial, China, GovCloud and the isolated partitions). */
export const REGIONS: readonly string[] = KNOWN_REGIONS;

/** Values of `aws:PrincipalType` (IAM User Guide, global condition context keys). */
export const PRINCIPAL_TYPES: readonly string[] = ['Account', 'User', 'FederatedUser', 'AssumedRole', 'Anonymous'];

/** Keys whose values are fixed lists, beyond the Bool-typed ones. Lowercase key → values. */
export const KEY_VALUES: ReadonlyMap<string, readonly string[]> = new Map([
  ['aws:principaltype', PRINCIPAL_TYPES],
  ['aws:requestedregion', REGIONS],
  ['ec2:region', REGIONS],
  ['s3:x-amz-server-side-encryption', ['AES256', 'aws:kms', 'aws:kms:dsse']],
  [
    's3:x-amz-acl',
    [
      'private',
      'public-read',
      'public-read-write',
      'aws-exec-read',
      'authenticated-read',
      'bucket-owner-read',
      'bucket-owner-full-control',
      'log-delivery-write',
    ],
  ],
  ['s3:signatureversion', ['AWS', 'AWS4-HMAC-SHA256']],
  ['s3:authtype', ['REST-HEADER', 'REST-QUERY-STRING', 'POST']],
]);

/** Well-known service principals, for `"Principal": { "Service": … }` (each service's documentation). */
export const SERVICE_PRINCIPALS: readonly string[] = [
  'apigateway.amazonaws.com',
  'autoscaling.amazonaws.com',
  'backup.amazonaws.com',
  'batch.amazonaws.com',
  'cloudformation.amazonaws.com',
  'cloudfront.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'codebuild.amazonaws.com',
  'codedeploy.amazonaws.com',
  'codepipeline.amazonaws.com',
  'config.amazonaws.com',
  'datasync.amazonaws.com',
  'delivery.logs.amazonaws.com',
  'dms.amazonaws.com',
  'ec2.amazonaws.com',
  'ecs.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'edgelambda.amazonaws.com',
  'eks.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'elasticmapreduce.amazonaws.com',
  'events.amazonaws.com',
  'firehose.amazonaws.com',
  'glue.amazonaws.com',
  'guardduty.amazonaws.com',
  'iot.amazonaws.com',
  'kinesis.amazonaws.com',
  'lambda.amazonaws.com',
  'logs.amazonaws.com',
  'monitoring.rds.amazonaws.com',
  'pods.eks.amazonaws.com',
  'rds.amazonaws.com',
  'redshift.amazonaws.com',
  's3.amazonaws.com',
  'sagemaker.amazonaws.com',
  'scheduler.amazonaws.com',
  'secretsmanager.amazonaws.com',
  'ses.amazonaws.com',
  'sns.amazonaws.com',
  'sqs.amazonaws.com',
  'ssm.amazonaws.com',
  'states.amazonaws.com',
  'sts.amazonaws.com',
  'vpc-flow-logs.amazonaws.com',
];

/** Identity providers for `"Principal": { "Federated": … }`. */
export const FEDERATED_PRINCIPALS: readonly string[] = [
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
  'arn:aws:iam::${1:123456789012}:saml-provider/${2:ProviderName}',
  'arn:aws:iam::${1:123456789012}:oidc-provider/${2:token.actions.githubusercontent.com}',
];

/**
 * The special characters of the policy language, written as variables (IAM User Guide, "Policy variables").
 */
export const SPECIAL_VARIABLES: readonly { readonly name: string; readonly description: string }[] = [
  { name: '*', description: 'A literal asterisk (`*`), where a `*` would otherwise be a wildcard.' },
  { name: '?', description: 'A literal question mark (`?`), where a `?` would otherwise be a wildcard.' },
  { name: '$', description: 'A literal dollar sign (`$`).' },
];

/** Policy variables AWS documents as usable in `${…}`; tag keys are completed with a placeholder. */
export const POLICY_VARIABLES: readonly string[] = [
  'aws:username',
  'aws:userid',
  'aws:PrincipalType',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalOrgID',
  'aws:PrincipalTag/${TagKey}',
  'aws:SourceIdentity',
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:TokenIssueTime',
  'aws:SecureTransport',
  'aws:UserAgent',
  'aws:Referer',
  'aws:RequestedRegion',
  'aws:ResourceAccount',
  'aws:ResourceOrgID',
  'aws:FederatedProvider',
  'ec2:SourceInstanceARN',
  'cognito-identity.amazonaws.com:sub',
  'cognito-identity.amazonaws.com:aud',
  'www.amazon.com:user_id',
  'graph.facebook.com:id',
  'accounts.google.com:sub',
];
