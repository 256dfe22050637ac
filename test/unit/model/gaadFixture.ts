/**
 * A small but realistic `aws iam get-account-authorization-details` export, in the shape the AWS CLI prints: dates,
 * ids, instance profiles, RoleLastUsed, documents as objects, and (as the raw API returns them) one URL-encoded.
 */
const enc = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

const TRUST_EC2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

export const GAAD_EXPORT = {
  UserDetailList: [
    {
      Path: '/',
      UserName: 'carol',
      UserId: 'AIDAEXAMPLECAROL00001',
      Arn: 'arn:aws:iam::123456789012:user/carol',
      CreateDate: '2024-01-02T03:04:05+00:00',
      UserPolicyList: [
        { PolicyName: 'carol-inline', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } },
      ],
      GroupList: ['Admins'],
      AttachedManagedPolicies: [{ PolicyName: 'BucketReader', PolicyArn: 'arn:aws:iam::123456789012:policy/team/BucketReader' }],
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      Tags: [{ Key: 'cost-center', Value: '42' }],
    },
  ],
  GroupDetailList: [
    {
      Path: '/',
      GroupName: 'Admins',
      GroupId: 'AGPAEXAMPLEADMINS0001',
      Arn: 'arn:aws:iam::123456789012:group/Admins',
      CreateDate: '2024-01-02T03:04:05+00:00',
      GroupPolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    },
  ],
  RoleDetailList: [
    {
      Path: '/service-role/',
      RoleName: 'web',
      RoleId: 'AROAEXAMPLEWEB0000001',
      Arn: 'arn:aws:iam::123456789012:role/service-role/web',
      CreateDate: '2024-01-02T03:04:05+00:00',
      // The raw IAM API URL-encodes documents (RFC 3986).
      AssumeRolePolicyDocument: enc(TRUST_EC2),
      InstanceProfileList: [
        { Path: '/', InstanceProfileName: 'web', InstanceProfileId: 'AIPAEXAMPLE', Arn: 'arn:aws:iam::123456789012:instance-profile/web', Roles: [] },
      ],
      RolePolicyList: [
        {
          PolicyName: 'web-inline',
          PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web assets/*' }] }),
        },
      ],
      AttachedManagedPolicies: [],
      Tags: [],
      RoleLastUsed: { LastUsedDate: '2026-10-01T00:00:00+00:00', Region: 'eu-west-1' },
    },
  ],
  Policies: [
    {
      PolicyName: 'BucketReader',
      PolicyId: 'ANPAEXAMPLEBUCKETRDR1',
      Arn: 'arn:aws:iam::123456789012:policy/team/BucketReader',
      Path: '/team/',
      DefaultVersionId: 'v2',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2024-01-02T03:04:05+00:00',
      UpdateDate: '2024-02-02T03:04:05+00:00',
      PolicyVersionList: [
        {
          Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:DeleteBucket', Resource: '*' }] },
          VersionId: 'v1',
          IsDefaultVersion: false,
        },
        {
          Document: { Version: '2012-10-17', Statement: [{ Sid: 'V2', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
          VersionId: 'v2',
          IsDefaultVersion: true,
        },
      ],
    },
    {
      PolicyName: 'PowerUserAccess',
      PolicyId: 'ANPAJYRXTHIB4FOVS3ZXS',
      Arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      Path: '/',
      DefaultVersionId: 'v5',
      AttachmentCount: 1,
      IsAttachable: true,
      PolicyVersionList: [
        {
          Document: { Version: '2012-10-17', Statement: [{ Sid: 'FromExport', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] },
          VersionId: 'v5',
          IsDefaultVersion: true,
        },
      ],
    },
  ],
};

/** The export with its users many times over (each with its own name, id and ARN), printed as the AWS CLI prints it. */
export function largeExport(copies: number): string {
  const users = GAAD_EXPORT.UserDetailList.flatMap((user) =>
    Array.from({ length: copies }, (_, i) => ({ ...user, UserName: `${user.UserName}${i}`, Arn: `${user.Arn}${i}`, UserId: `${user.UserId}${i}` })),
  );
  return JSON.stringify({ ...GAAD_EXPORT, UserDetailList: users }, null, 4);
}
