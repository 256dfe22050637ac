/**
 * The SAM policy templates most used in `Policies` of `AWS::Serverless::Function`, written from the SAM developer
 * guide's list of policy templates: each name with the parameters it takes and the statements it expands to, where
 * `${Name}` is a parameter or a pseudo parameter (expanded by the same resolver as `Fn::Sub`). A name not listed here
 * is reported as not expanded, never guessed.
 */

export interface SamStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export interface SamPolicyTemplate {
  readonly parameters: readonly string[];
  readonly statements: readonly SamStatement[];
}

const REGIONAL = 'arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:';
const arn = (service: string, rest: string): string => REGIONAL.replace('SERVICE', service) + rest;
const TABLE = [arn('dynamodb', 'table/${TableName}'), arn('dynamodb', 'table/${TableName}/index/*')];
const BUCKET = ['arn:${AWS::Partition}:s3:::${BucketName}', 'arn:${AWS::Partition}:s3:::${BucketName}/*'];

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, SamPolicyTemplate>> = {
  SQSPollerPolicy: {
    parameters: ['QueueName'],
    statements: [
      {
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:ChangeMessageVisibilityBatch',
          'sqs:DeleteMessage',
          'sqs:DeleteMessageBatch',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
        ],
        resources: [arn('sqs', '${QueueName}')],
      },
    ],
  },
  SQSSendMessagePolicy: { parameters: ['QueueName'], statements: [{ actions: ['sqs:SendMessage*'], resources: [arn('sqs', '${QueueName}')] }] },
  LambdaInvokePolicy: {
    parameters: ['FunctionName'],
    statements: [{ actions: ['lambda:InvokeFunction'], resources: [arn('lambda', 'function:${FunctionName}*')] }],
  },
  DynamoDBCrudPolicy: {
    parameters: ['TableName'],
    statements: [
      {
        actions: [
          'dynamodb:GetItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:Scan',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:BatchGetItem',
          'dynamodb:DescribeTable',
          'dynamodb:ConditionCheckItem',
        ],
        resources: TABLE,
      },
    ],
  },
  DynamoDBReadPolicy: {
    parameters: ['TableName'],
    statements: [{ actions: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], resources: TABLE }],
  },
  DynamoDBWritePolicy: {
    parameters: ['TableName'],
    statements: [{ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], resources: TABLE }],
  },
  S3ReadPolicy: {
    parameters: ['BucketName'],
    statements: [
      { actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], resources: BUCKET },
    ],
  },
  S3WritePolicy: {
    parameters: ['BucketName'],
    statements: [{ actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], resources: BUCKET }],
  },
  S3CrudPolicy: {
    parameters: ['BucketName'],
    statements: [
      {
        actions: [
          's3:GetObject',
          's3:ListBucket',
          's3:GetBucketLocation',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:PutObjectAcl',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          's3:DeleteObject',
        ],
        resources: BUCKET,
      },
    ],
  },
  SNSPublishMessagePolicy: { parameters: ['TopicName'], statements: [{ actions: ['sns:Publish'], resources: [arn('sns', '${TopicName}')] }] },
  KMSDecryptPolicy: { parameters: ['KeyId'], statements: [{ actions: ['kms:Decrypt'], resources: [arn('kms', 'key/${KeyId}')] }] },
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: [
      { actions: ['ssm:DescribeParameters'], resources: ['*'] },
      { actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], resources: [arn('ssm', 'parameter/${ParameterName}')] },
    ],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ['SecretArn'],
    statements: [{ actions: ['secretsmanager:GetSecretValue'], resources: ['${SecretArn}'] }],
  },
  StepFunctionsExecutionPolicy: {
    parameters: ['StateMachineName'],
    statements: [{ actions: ['states:StartExecution'], resources: [arn('states', 'stateMachine:${StateMachineName}')] }],
  },
  CloudWatchPutMetricPolicy: { parameters: [], statements: [{ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }] },
  EventBridgePutEventsPolicy: {
    parameters: ['EventBusName'],
    statements: [{ actions: ['events:PutEvents'], resources: [arn('events', 'event-bus/${EventBusName}')] }],
  },
  VPCAccessPolicy: {
    parameters: [],
    statements: [
      {
        actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'],
        resources: ['*'],
      },
    ],
  },
};
