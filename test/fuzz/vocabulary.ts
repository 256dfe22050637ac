/**
 * Pools of values the fuzzers draw from: the words of the IAM policy language, plus the values that tend to break
 * parsers and matchers (empty strings, lone surrogates, huge numbers, unclosed policy variables, wildcards in odd
 * places). Drawing from a vocabulary instead of pure noise gets mutated documents past the JSON syntax and deep into
 * the validator's and evaluator's branches.
 */

export const ELEMENT_NAMES = [
  'Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource',
  'NotResource', 'Condition', 'AWS', 'Service', 'Federated', 'CanonicalUser',
  // Wrong spellings users really type.
  'statement', 'effect', 'Actions', 'Resources', 'Conditions', 'principal',
] as const;

export const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike',
  'StringNotLike', 'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateNotEquals', 'DateLessThan',
  'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Bool', 'BinaryEquals', 'IpAddress',
  'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null', 'StringEqualsIfExists',
  'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ForAnyValue:StringEqualsIfExists', 'ForAllValues:ArnLike',
  'ForAnyValue:IpAddress', 'StringLikeIfExists', 'NumericLessThanIfExists', 'BoolIfExists', 'ArnLikeIfExists',
  'StringEqualz', 'ForSomeValues:StringEquals', 'ForAnyValue:', ':StringEquals', 'IfExists',
] as const;

export const CONDITION_KEYS = [
  'aws:SourceIp', 'aws:SecureTransport', 'aws:PrincipalTag/team', 'aws:ResourceTag/team', 'aws:RequestTag/env',
  'aws:TagKeys', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalArn', 'aws:PrincipalAccount',
  'aws:username', 'aws:userid', 'aws:CurrentTime', 'aws:EpochTime', 'aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthAge', 'aws:SourceVpce', 'aws:SourceVpc', 'aws:RequestedRegion', 'aws:CalledVia',
  'aws:ViaAWSService', 'aws:PrincipalServiceName', 's3:prefix', 's3:max-keys', 's3:x-amz-acl',
  'ec2:InstanceType', 'iam:PassedToService', 'kms:ViaService', 'sts:ExternalId', 'aws:SourceArn',
  'aws:ResourceAccount', 'aws:PrincipalType', 'unknown:key', 'aws:', '', 'aws:PrincipalTag/', 'AWS:SOURCEIP',
] as const;

export const ACTIONS = [
  '*', 's3:*', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:Get*', 's3:*Object*', 's3:?etObject',
  'iam:PassRole', 'iam:CreateUser', 'ec2:RunInstances', 'ec2:Describe*', 'sts:AssumeRole', 'kms:Decrypt',
  'lambda:InvokeFunction', 'dynamodb:GetItem', 'sqs:SendMessage', 'logs:*', 'S3:GETOBJECT', 's3', 's3:', ':GetObject',
  's3:Get**', '*:*', 'nosuchservice:Do', 'iam:', '?', 's3:GetObject ', ' s3:GetObject',
] as const;

export const RESOURCES = [
  '*', 'arn:aws:s3:::reports', 'arn:aws:s3:::reports/*', 'arn:aws:s3:::*', 'arn:aws:s3:::${aws:username}/*',
  'arn:aws:iam::111111111111:role/deployer', 'arn:aws:iam::*:role/*', 'arn:aws:ec2:*:*:instance/*',
  'arn:aws:kms:us-east-1:111111111111:key/1234', 'arn:aws:dynamodb:us-east-1:111111111111:table/t',
  'arn:aws:sqs:eu-west-1:222222222222:queue', 'arn:aws', 'arn:', 'arn:aws:s3', 'arn:aws:s3:::', 'arn:*:*:*:*:*',
  'arn:aws:s3:::${aws:PrincipalTag/team', 'arn:aws:s3:::${${aws:username}}', 'arn:aws:s3:::${*}', 'arn:aws:s3:::$',
  'arn:aws-cn:s3:::b', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'not-an-arn', '**', 'arn:aws:s3:::a/b/c/d/e/f/*?*',
] as const;

export const PRINCIPALS = [
  '*', 'arn:aws:iam::111111111111:root', '111111111111', 'arn:aws:iam::111111111111:user/alice',
  'arn:aws:iam::111111111111:role/deployer', 'arn:aws:sts::111111111111:assumed-role/deployer/session',
  'arn:aws:iam::222222222222:role/*', 'ec2.amazonaws.com', 'cognito-identity.amazonaws.com', 'AIDAEXAMPLE',
  'arn:aws:iam::111111111111:group/devs', 'arn:aws:iam::1111:root', '', 'arn:aws:sts::111111111111:federated-user/bob',
] as const;

export const CONDITION_VALUES = [
  'true', 'false', 'TRUE', '', '*', '?', '203.0.113.0/24', '10.0.0.1', '2001:db8::/32', '300.1.1.1/99', '::',
  '2026-01-01T00:00:00Z', '2026-13-45', '1700000000', '-1', '1e400', 'NaN', '0x10', '${aws:username}',
  '${aws:PrincipalTag/team}', '${?}', '${*}', '${$}', '${', '}', 'o-a1b2c3d4e5', 'o-a1b2c3d4e5/r-root/ou-prod/*',
  'arn:aws:iam::111111111111:role/*', 'AQID', 'base64==', '\u0000', '\ud800', 'é', '😀',
] as const;

/** JSON values of every type, the ones that often reach code paths written for another type. */
export const ODD_VALUES: readonly unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', '*', '"', '\\', '\u0000', '\ud800',
  '\udfff', '😀', 'a'.repeat(5000), [], {}, [[]], [{}], { '': '' }, [null], ['*'], { '*': '*' }, '2012-10-17',
  '2008-10-17', 'Allow', 'Deny', 'allow', '__proto__', 'constructor', JSON.parse('{"__proto__":{"Effect":"Allow"}}'), { constructor: {} },
];

/** Text fragments inserted by the text-level mutators. */
export const TOKENS = [
  '{', '}', '[', ']', '"', ',', ':', '\\', '/*', '*/', '//', '\n', '\r', '\t', ' ', 'null', 'true', 'false',
  '1e999', '-', '0', '"*"', '"${aws:username}"', '${', '}"', '\\u', '\\ud800', '\u0000', '\u2028', '\ufeff',
  '"Statement":', '"Effect":"Allow",', '"Action":"*",', '"Resource":"*"', '"Condition":{', '{"StringLike":{"a":"b"}}',
  '"Principal":"*",', '\ud83d', '😀', 'é', '\u00ff', '\u0100',
] as const;
