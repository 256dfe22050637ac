/**
 * What `Ref` and `Fn::GetAtt` return for the resource types policies usually name, built from the resource's name
 * property: the ARN formats of the service authorization reference and the return values of each resource type's
 * CloudFormation page. Unlisted types and attributes stay unknown.
 */

/** The pieces an ARN is built from; `name` is the resource's physical name, or undefined when CloudFormation makes one. */
export interface NameContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface ResourceNaming {
  /** The property that sets the physical name. */
  readonly nameProperty?: string;
  /** What `Ref` returns. */
  readonly ref: 'name' | 'arn' | 'url';
  readonly arn?: (name: string, context: NameContext, properties: { path?: string }) => string;
  /** Other attributes, by name. */
  readonly attributes?: Readonly<Record<string, (name: string, context: NameContext) => string>>;
}

const regional = (service: string, resource: string) => (name: string, c: NameContext) =>
  `arn:${c.partition}:${service}:${c.region}:${c.account}:${resource}${name}`;
const iam = (kind: string) => (name: string, c: NameContext, p: { path?: string }) => `arn:${c.partition}:iam::${c.account}:${kind}${p.path ?? '/'}${name}`;

const FUNCTION: ResourceNaming = { nameProperty: 'FunctionName', ref: 'name', arn: regional('lambda', 'function:') };
const TABLE: ResourceNaming = { nameProperty: 'TableName', ref: 'name', arn: regional('dynamodb', 'table/') };
const STATE_MACHINE: ResourceNaming = {
  nameProperty: 'StateMachineName',
  ref: 'arn',
  arn: regional('states', 'stateMachine:'),
  attributes: { Name: (name) => name },
};

export const RESOURCE_NAMING: Readonly<Record<string, ResourceNaming>> = {
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: 'name',
    arn: (name, c) => `arn:${c.partition}:s3:::${name}`,
    attributes: { DomainName: (name) => `${name}.s3.amazonaws.com`, RegionalDomainName: (name, c) => `${name}.s3.${c.region}.amazonaws.com` },
  },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: 'name', arn: iam('role') },
  'AWS::IAM::User': { nameProperty: 'UserName', ref: 'name', arn: iam('user') },
  'AWS::IAM::Group': { nameProperty: 'GroupName', ref: 'name', arn: iam('group') },
  'AWS::IAM::ManagedPolicy': {
    nameProperty: 'ManagedPolicyName',
    ref: 'arn',
    arn: iam('policy'),
    attributes: { PolicyArn: (name, c) => `arn:${c.partition}:iam::${c.account}:policy/${name}` },
  },
  'AWS::IAM::InstanceProfile': { nameProperty: 'InstanceProfileName', ref: 'name', arn: iam('instance-profile') },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: 'url',
    arn: regional('sqs', ''),
    attributes: { QueueName: (name) => name, QueueUrl: (name, c) => `https://sqs.${c.region}.amazonaws.com/${c.account}/${name}` },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    ref: 'arn',
    arn: regional('sns', ''),
    attributes: { TopicArn: regional('sns', ''), TopicName: (name) => name },
  },
  'AWS::DynamoDB::Table': TABLE,
  'AWS::Serverless::SimpleTable': TABLE,
  'AWS::Lambda::Function': FUNCTION,
  'AWS::Serverless::Function': FUNCTION,
  'AWS::StepFunctions::StateMachine': STATE_MACHINE,
  'AWS::Serverless::StateMachine': { ...STATE_MACHINE, nameProperty: 'Name' },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    ref: 'name',
    arn: (name, c) => `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:${name}:*`,
  },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', ref: 'name', arn: regional('kinesis', 'stream/') },
  'AWS::Events::EventBus': { nameProperty: 'Name', ref: 'name', arn: regional('events', 'event-bus/') },
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', ref: 'name', arn: regional('ecr', 'repository/') },
  'AWS::SSM::Parameter': {
    nameProperty: 'Name',
    ref: 'name',
    arn: (name, c) => `arn:${c.partition}:ssm:${c.region}:${c.account}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
  },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: 'arn', arn: regional('secretsmanager', 'secret:') },
  'AWS::KMS::Key': { ref: 'name', arn: regional('kms', 'key/') },
  // Named by its URL without the scheme (resourceValue drops `https://`): `oidc-provider/token.actions.githubusercontent.com`.
  'AWS::IAM::OIDCProvider': { nameProperty: 'Url', ref: 'arn', arn: (name, c) => `arn:${c.partition}:iam::${c.account}:oidc-provider/${name}` },
};
