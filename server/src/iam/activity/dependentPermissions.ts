import type { RequiredPermission } from './activityTypes';

/**
 * Calls that need more than one IAM permission, where the record shows what the others apply to. The catalog's
 * "dependent actions" (from the Service Authorization Reference) are empty in the data we bundle and, where AWS fills
 * them, say what a call *may* need depending on the resource; so only the cases AWS documents as always needed, with
 * the resource in the record's parameters, are listed here, each with its page.
 */
interface DependentRule {
  /** What else the call needs, built from its request parameters; nothing when they do not say. */
  readonly requires: (parameters: Readonly<Record<string, unknown>>, partition: string) => RequiredPermission[];
  /** Where AWS documents it. */
  readonly page: string;
}

const COPY_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html';
const PASS_ROLE_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html';

/**
 * A copy reads its source: `s3:GetObject` on the object `x-amz-copy-source` names (`bucket/key`, URL-encoded), or
 * `s3:GetObjectVersion` when it names a version (`?versionId=`), as the CopyObject page says. A source given as an
 * access point ARN is left alone: the object's bucket is not in the record.
 */
const readsCopySource: DependentRule = {
  page: COPY_PAGE,
  requires: (parameters, partition) => {
    const source = parameters['x-amz-copy-source'];
    if (typeof source !== 'string' || source === '' || /^\/?arn(:|%3A)/i.test(source)) return [];
    const action = /[?&]versionId=/.test(source) ? 's3:GetObjectVersion' : 's3:GetObject';
    const path = source.replace(/^\//, '').replace(/\?.*$/, '');
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return [];
    }
    return decoded.includes('/') ? [{ action, resource: `arn:${partition}:s3:::${decoded}` }] : [];
  },
};

/**
 * A function is given its execution role: `iam:PassRole` on the role the request names, checked with
 * `iam:PassedToService` set to Lambda's service principal, as AWS sets it on every PassRole (so a PassRole grant
 * limited to Lambda, as AWS advises, allows it).
 */
const passesExecutionRole: DependentRule = {
  page: PASS_ROLE_PAGE,
  requires: (parameters) => {
    const role = parameters['role'];
    return typeof role === 'string' && /^arn:[^:]+:iam::\d{12}:role\//.test(role)
      ? [{ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }]
      : [];
  },
};

const SESSION_TAGS_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html';

/**
 * A role session given tags needs `sts:TagSession`, and one given a source identity `sts:SetSourceIdentity`, each on
 * the role, which its trust policy must allow besides the assume action (the session tags and source identity pages).
 */
const tagsOrNamesSession: DependentRule = {
  page: SESSION_TAGS_PAGE,
  requires: (parameters) => {
    const role = parameters['roleArn'];
    if (typeof role !== 'string' || !/^arn:[^:]+:iam::\d{12}:role\//.test(role)) return [];
    const tagged =
      (Array.isArray(parameters['tags']) && parameters['tags'].length > 0) ||
      (Array.isArray(parameters['transitiveTagKeys']) && parameters['transitiveTagKeys'].length > 0);
    const sourceIdentity = typeof parameters['sourceIdentity'] === 'string' && parameters['sourceIdentity'] !== '';
    return [
      ...(tagged ? [{ action: 'sts:TagSession', resource: role }] : []),
      ...(sourceIdentity ? [{ action: 'sts:SetSourceIdentity', resource: role }] : []),
    ];
  },
};

/** `service:EventName` (as eventNames.ts keys events, API version dropped) → what else the call needs. */
const DEPENDENT_RULES: Readonly<Record<string, DependentRule>> = {
  's3:CopyObject': readsCopySource,
  's3:UploadPartCopy': readsCopySource,
  'lambda:CreateFunction': passesExecutionRole,
  'lambda:UpdateFunctionConfiguration': passesExecutionRole,
  'sts:AssumeRole': tagsOrNamesSession,
  'sts:AssumeRoleWithSAML': tagsOrNamesSession,
  'sts:AssumeRoleWithWebIdentity': tagsOrNamesSession,
};

/** The other permissions a call needs, from its event and request parameters (empty for most calls). */
export function dependentPermissions(event: string, parameters: Readonly<Record<string, unknown>> | undefined, partition: string): RequiredPermission[] {
  const rule = DEPENDENT_RULES[event];
  return rule && parameters ? rule.requires(parameters, partition) : [];
}
