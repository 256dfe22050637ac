/**
 * Services whose resources can have a resource-based policy that grants another account's principals access (AWS's
 * "AWS services that work with IAM" page, the "Resource-based policies: Yes" column; KMS keys and role trust are
 * layers of their own). A resource of another service cannot be reached across accounts through a policy of its own:
 * no fix offers one, and no Why asks for one.
 */
const SERVICES = new Set([
  'apigateway',
  'backup',
  'dynamodb',
  'ecr',
  'elasticfilesystem',
  'es',
  'events',
  'glacier',
  'kinesis',
  'lambda',
  'logs',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
]);

/** Whether the service of this ARN's resources can have a resource-based policy (`arn:partition:service:…`). */
export function canHaveResourcePolicy(arn: string): boolean {
  return SERVICES.has(arn.split(':')[2] ?? '');
}

/** The resource a policy is written on: the bucket of an S3 object, the resource itself elsewhere. */
export function policyHolder(arn: string): string {
  return arn.startsWith('arn:') && arn.split(':')[2] === 's3' && arn.includes('/') ? arn.slice(0, arn.indexOf('/')) : arn;
}
