/**
 * Where a CloudTrail event is not named like the IAM action it needs. Usually `eventSource` `x.amazonaws.com` and
 * `eventName` `Y` need `x:Y`; the tables below hold the exceptions, each with the AWS page that documents it, so a
 * reviewer can check every line. An event missing here whose `x:Y` the catalog does not know is reported as
 * unmapped, never guessed.
 */

/** eventSource host prefix → IAM service prefix, where they differ. */
export const SERVICE_PREFIX_OF_HOST: Readonly<Record<string, string>> = {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html (eventSource monitoring.amazonaws.com)
  monitoring: 'cloudwatch',
  // https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html (eventSource email.amazonaws.com, actions ses:*)
  email: 'ses',
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html (IAM Identity Center: sso.amazonaws.com)
  'sso-directory': 'sso-directory',
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/ELB-API-Logs.html
  elasticloadbalancing: 'elasticloadbalancing',
  // https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-cloudtrailauditing.html
  es: 'es',
};

/** The S3 operation → permission page, which the S3 rows below follow. */
const S3_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html';
const LAMBDA_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html';

export interface EventActionEntry {
  /** The IAM action the call needs (the first, when the call needs several). */
  readonly action: string;
  /** Where AWS documents it. */
  readonly page: string;
}

/** `service:EventName` (service as the IAM prefix) → the action it needs, where the names differ. */
export const EVENT_ACTIONS: Readonly<Record<string, EventActionEntry>> = {
  's3:ListObjects': { action: 's3:ListBucket', page: S3_PAGE },
  's3:ListObjectsV2': { action: 's3:ListBucket', page: S3_PAGE },
  's3:ListObjectVersions': { action: 's3:ListBucketVersions', page: S3_PAGE },
  's3:HeadBucket': { action: 's3:ListBucket', page: S3_PAGE },
  's3:HeadObject': { action: 's3:GetObject', page: S3_PAGE },
  's3:GetObjectAttributes': { action: 's3:GetObject', page: S3_PAGE },
  's3:ListBuckets': { action: 's3:ListAllMyBuckets', page: S3_PAGE },
  's3:CreateMultipartUpload': { action: 's3:PutObject', page: S3_PAGE },
  's3:UploadPart': { action: 's3:PutObject', page: S3_PAGE },
  's3:UploadPartCopy': { action: 's3:PutObject', page: S3_PAGE },
  's3:CompleteMultipartUpload': { action: 's3:PutObject', page: S3_PAGE },
  's3:CopyObject': { action: 's3:PutObject', page: S3_PAGE },
  's3:DeleteObjects': { action: 's3:DeleteObject', page: S3_PAGE },
  's3:ListParts': { action: 's3:ListMultipartUploadParts', page: S3_PAGE },
  's3:GetBucketLifecycle': { action: 's3:GetLifecycleConfiguration', page: S3_PAGE },
  's3:GetBucketLifecycleConfiguration': { action: 's3:GetLifecycleConfiguration', page: S3_PAGE },
  's3:PutBucketLifecycle': { action: 's3:PutLifecycleConfiguration', page: S3_PAGE },
  's3:PutBucketLifecycleConfiguration': { action: 's3:PutLifecycleConfiguration', page: S3_PAGE },
  's3:GetBucketEncryption': { action: 's3:GetEncryptionConfiguration', page: S3_PAGE },
  's3:PutBucketEncryption': { action: 's3:PutEncryptionConfiguration', page: S3_PAGE },
  's3:DeleteBucketEncryption': { action: 's3:PutEncryptionConfiguration', page: S3_PAGE },
  's3:GetBucketReplication': { action: 's3:GetReplicationConfiguration', page: S3_PAGE },
  's3:PutBucketReplication': { action: 's3:PutReplicationConfiguration', page: S3_PAGE },
  's3:GetBucketCors': { action: 's3:GetBucketCORS', page: S3_PAGE },
  's3:PutBucketCors': { action: 's3:PutBucketCORS', page: S3_PAGE },
  's3:DeleteBucketCors': { action: 's3:PutBucketCORS', page: S3_PAGE },
  's3:DeleteBucketTagging': { action: 's3:PutBucketTagging', page: S3_PAGE },
  'lambda:Invoke': { action: 'lambda:InvokeFunction', page: LAMBDA_PAGE },
  'lambda:InvokeAsync': { action: 'lambda:InvokeFunction', page: LAMBDA_PAGE },
  'lambda:InvokeWithResponseStream': { action: 'lambda:InvokeFunction', page: LAMBDA_PAGE },
};

/**
 * Events that are not calls a policy decides (console sign-in, service events): reported as unmapped with this
 * reason rather than as an unknown action.
 */
export const NOT_AUTHORIZED_BY_POLICY: Readonly<Record<string, string>> = {
  'signin:ConsoleLogin': 'a console sign-in, which IAM policies do not decide',
  'signin:CheckMfa': 'a console sign-in step, which IAM policies do not decide',
  'signin:SwitchRole': 'a console role switch (the AssumeRole call it makes is recorded separately)',
  'signin:ExitRole': 'a console role switch, which IAM policies do not decide',
  'signin:RenewRole': 'a console role switch, which IAM policies do not decide',
};

/**
 * Event names of some APIs carry the API version (`GetFunction20150331v2`, CloudFront's `CreateDistribution2020_05_31`):
 * the action is the name without it. https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
export function withoutApiVersion(eventName: string): string {
  return eventName.replace(/(?:\d{8}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/, '');
}
