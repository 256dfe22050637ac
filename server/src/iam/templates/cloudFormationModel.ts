/**
 * A CloudFormation/SAM template as an account model (the hand-written model's JSON shape, which the model loader
 * then reads like any other): its roles with trust and permissions, users, groups, customer managed policies and
 * the resource policies of its buckets, queues, topics, keys and secrets, in one account the caller names (a
 * template does not know where it will be deployed). Resources without a name property are named by logical id.
 */
import { CloudFormationEnvironment, type DeploymentAssumptions } from './cloudFormationEnvironment';
import { cloudFormationPolicies } from './cloudFormationPolicies';
import { resolveValue } from './intrinsics';
import { unresolvedMarker } from '../unresolvedMarker';
import { knownText, sourcedDocument, toJson, type Json } from './modelJson';
import { accountModel, emptyAccountParts, type AccountParts, type ModelPrincipal } from './modelPrincipals';
import type { ResolvedValue } from './resolvedValue';
import type { Span } from '../span';
import { get, itemsOf, stringOf, type TemplateMap, type TemplateNode } from './templateNode';

/** Managed policies SAM functions use most whose ARN has the `service-role/` path (when no snapshot says). */
const SERVICE_ROLE_POLICIES = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
]);

/** SAM gives a function without `Role` a role that Lambda assumes, with basic execution rights. */
const LAMBDA_TRUST: Json = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const STATES_TRUST: Json = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** Properties read in the template's environment (its parameters, conditions and the assumed account). */
interface TemplateReader {
  readonly env: CloudFormationEnvironment;
  readonly assumptions: DeploymentAssumptions;
  /** Where the template was read from, named in each principal and resource description. */
  readonly source: string;
  resolve(node: TemplateNode | undefined): ResolvedValue | undefined;
  text(node: TemplateNode | undefined): string | undefined;
  /** A list property's known strings; a single string is a list of one. */
  list(node: TemplateNode | undefined): string[];
  /** A document keeps where it was written, so explanations on the model point into the template. */
  asDocument(value: ResolvedValue): Json;
  /** The ARN of an AWS managed policy named without its path. */
  awsManaged(name: string): string;
  /** SAM's `Globals.Function`: properties every serverless function takes unless it sets its own. */
  readonly functionGlobals: TemplateNode | undefined;
}

/**
 * @param managedPolicyArn the ARN of an AWS managed policy by name (SAM's `Policies` names them without their path,
 *   `AWSLambdaBasicExecutionRole` for `…:policy/service-role/AWSLambdaBasicExecutionRole`)
 */
export function cloudFormationModel(
  root: TemplateNode,
  assumptions: DeploymentAssumptions,
  source: string,
  managedPolicyArn: (name: string) => string | undefined = () => undefined,
): Json {
  const reader = templateReader(root, assumptions, source, managedPolicyArn);
  const parts = emptyAccountParts();
  const resourceEntries = get(root, 'Resources')?.kind === 'map' ? (get(root, 'Resources') as TemplateMap).entries : [];

  // Customer managed policies first, so that references to them become names.
  for (const { key: logicalId, value: resource } of resourceEntries) {
    if (stringOf(get(resource, 'Type')) !== 'AWS::IAM::ManagedPolicy') continue;
    const properties = get(resource, 'Properties');
    const name = reader.text(get(properties, 'ManagedPolicyName')) ?? logicalId;
    const document = reader.resolve(get(properties, 'PolicyDocument'));
    if (document) parts.policies[name] = reader.asDocument(document);
  }
  for (const { key: logicalId, keySpan, value: resource } of resourceEntries) readIdentityResource(reader, logicalId, keySpan, resource, parts);
  readExtractedPolicies(reader, root, parts);

  const managedReference = (arn: string): string => {
    // A customer managed policy of this template is referred to by name, as the model's account policies are.
    const own = /^arn:[^:]+:iam::\d{12}:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return own && own[1] !== undefined && parts.policies[own[1]] !== undefined ? own[1] : arn;
  };
  return accountModel(
    `Built from ${source}, as deployed in account ${assumptions.account} (${assumptions.region}).`,
    assumptions.account,
    source,
    parts,
    managedReference,
  );
}

function templateReader(
  root: TemplateNode,
  assumptions: DeploymentAssumptions,
  source: string,
  managedPolicyArn: (name: string) => string | undefined,
): TemplateReader {
  const env = new CloudFormationEnvironment(root, assumptions, true);
  const resolve = (node: TemplateNode | undefined) => (node ? resolveValue(node, env) : undefined);
  return {
    env,
    assumptions,
    source,
    resolve,
    text: (node) => knownText(resolve(node)),
    list: (node) => {
      const value = resolve(node);
      if (value?.kind === 'seq') return value.items.map((item) => knownText(item)).filter((item): item is string => item !== undefined);
      const single = knownText(value);
      return single !== undefined ? [single] : [];
    },
    asDocument: (value) => sourcedDocument(value) ?? toJson(value),
    awsManaged: (name) =>
      managedPolicyArn(name) ?? `arn:${assumptions.partition}:iam::aws:policy/${SERVICE_ROLE_POLICIES.has(name) ? 'service-role/' : ''}${name}`,
    functionGlobals: get(get(root, 'Globals'), 'Function'),
  };
}

/**
 * The principals a resource declares (at `declaration`, its logical id), and the policies it gives them; resource
 * policies come from the extractor.
 */
function readIdentityResource(reader: TemplateReader, logicalId: string, declaration: Span, resource: TemplateNode | undefined, parts: AccountParts): void {
  const { resolve, text, list, asDocument, source } = reader;
  const { users, groups, roles } = parts;
  const type = stringOf(get(resource, 'Type'));
  const properties = get(resource, 'Properties');
  const name = () => knownText(reader.env.ref(logicalId));
  switch (type) {
    case 'AWS::IAM::Role': {
      const role = roles.declared(name() ?? logicalId, declaration);
      const trust = resolve(get(properties, 'AssumeRolePolicyDocument'));
      if (trust) role.trustPolicy = asDocument(trust);
      attach(reader, role, properties, logicalId, parts);
      role.description = `${logicalId} in ${source}`;
      break;
    }
    case 'AWS::IAM::User': {
      const user = users.declared(name() ?? logicalId, declaration);
      attach(reader, user, properties, logicalId, parts);
      user.groups = list(get(properties, 'Groups'));
      user.description = `${logicalId} in ${source}`;
      break;
    }
    case 'AWS::IAM::Group':
      attach(reader, groups.declared(name() ?? logicalId, declaration), properties, logicalId, parts);
      break;
    case 'AWS::IAM::UserToGroupAddition': {
      const group = text(get(properties, 'GroupName'));
      if (group !== undefined) for (const user of list(get(properties, 'Users'))) (users.get(user).groups ??= []).push(group);
      break;
    }
    case 'AWS::IAM::ManagedPolicy': {
      const policyName = text(get(properties, 'ManagedPolicyName')) ?? logicalId;
      for (const role of list(get(properties, 'Roles'))) roles.get(role).policies.push(policyName);
      for (const user of list(get(properties, 'Users'))) users.get(user).policies.push(policyName);
      for (const group of list(get(properties, 'Groups'))) groups.get(group).policies.push(policyName);
      break;
    }
    case 'AWS::IAM::Policy': {
      const document = resolve(get(properties, 'PolicyDocument'));
      const policyName = text(get(properties, 'PolicyName')) ?? logicalId;
      if (!document) break;
      for (const role of list(get(properties, 'Roles'))) roles.get(role).inlinePolicies[policyName] = asDocument(document);
      for (const user of list(get(properties, 'Users'))) users.get(user).inlinePolicies[policyName] = asDocument(document);
      for (const group of list(get(properties, 'Groups'))) groups.get(group).inlinePolicies[policyName] = asDocument(document);
      break;
    }
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy': {
      const [map, key] = type === 'AWS::IAM::RolePolicy' ? [roles, 'RoleName'] : type === 'AWS::IAM::UserPolicy' ? [users, 'UserName'] : [groups, 'GroupName'];
      const owner = text(get(properties, key));
      const document = resolve(get(properties, 'PolicyDocument'));
      if (owner !== undefined && document) map.get(owner).inlinePolicies[text(get(properties, 'PolicyName')) ?? logicalId] = asDocument(document);
      break;
    }
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine':
      if (get(properties, 'Role') === undefined) readSamRole(reader, logicalId, declaration, type, properties, parts);
      break;
  }
}

/** A role, user or group's own properties: inline policies, managed policy ARNs, boundary and path. */
function attach(reader: TemplateReader, principal: ModelPrincipal, properties: TemplateNode | undefined, logicalId: string, parts: AccountParts): void {
  const { resolve, text, list, asDocument } = reader;
  itemsOf(get(properties, 'Policies')).forEach((policy, index) => {
    const document = resolve(get(policy, 'PolicyDocument'));
    if (document) principal.inlinePolicies[text(get(policy, 'PolicyName')) ?? `${logicalId}Policy${index + 1}`] = asDocument(document);
  });
  principal.policies.push(...list(get(properties, 'ManagedPolicyArns')));
  const boundary = boundaryOf(reader, get(properties, 'PermissionsBoundary'), logicalId, parts);
  if (boundary !== undefined) principal.permissionsBoundary = boundary;
  const path = text(get(properties, 'Path'));
  if (path !== undefined) principal.path = path;
}

/**
 * A principal's permissions boundary: its ARN, or, where the template leaves it open (`!ImportValue`, a parameter
 * without a default), a boundary that allows nothing until it is known. AWS will apply some boundary there, and taking
 * it for none would grant on a guess; the stand-in's one statement lists the open value (`UNRESOLVED(…)`), so an
 * answer it decides says that it is decided only once the template gives the value.
 */
function boundaryOf(reader: TemplateReader, node: TemplateNode | undefined, owner: string, parts: AccountParts): string | undefined {
  const value = node ? reader.resolve(node) : undefined;
  const known = knownText(value);
  if (known !== undefined || value === undefined) return known;
  const open = value.kind === 'string' ? value.pieces.find((piece) => piece.unknown) : undefined;
  const name = `unresolved-boundary-of-${owner}`;
  parts.policies[name] = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'BoundaryTheTemplateLeavesOpen', Effect: 'Allow', Action: '*', Resource: unresolvedMarker(open?.label ?? 'PermissionsBoundary') }],
  };
  return name;
}

/** The role SAM creates for a function or state machine without `Role`, with the managed policies its `Policies` name. */
function readSamRole(
  reader: TemplateReader,
  logicalId: string,
  declaration: Span,
  type: 'AWS::Serverless::Function' | 'AWS::Serverless::StateMachine',
  properties: TemplateNode | undefined,
  parts: AccountParts,
): void {
  const { resolve, asDocument, awsManaged } = reader;
  const { roles } = parts;
  // A function's own property wins over the template's Globals (SAM's rule); AssumeRolePolicyDocument and
  // PermissionsBoundary are among those Globals may set, Role and Policies are not.
  const property = (key: string): TemplateNode | undefined =>
    get(properties, key) ?? (type === 'AWS::Serverless::Function' ? get(reader.functionGlobals, key) : undefined);
  const role = roles.declared(`${logicalId}Role`, declaration);
  const trust = resolve(property('AssumeRolePolicyDocument'));
  role.trustPolicy = trust ? asDocument(trust) : type === 'AWS::Serverless::Function' ? LAMBDA_TRUST : STATES_TRUST;
  if (type === 'AWS::Serverless::Function') role.policies.push(awsManaged('AWSLambdaBasicExecutionRole'));
  role.description = `the role SAM creates for ${logicalId} in ${reader.source}`;
  const boundary = boundaryOf(reader, property('PermissionsBoundary'), `${logicalId}Role`, parts);
  if (boundary !== undefined) role.permissionsBoundary = boundary;
  const samPolicies = get(properties, 'Policies');
  for (const item of samPolicies?.kind === 'seq' ? samPolicies.items : samPolicies ? [samPolicies] : []) {
    const managed = knownText(resolve(item));
    const arn = managed === undefined ? undefined : managed.startsWith('arn:') ? managed : awsManaged(managed);
    // SAM attaches AWSLambdaBasicExecutionRole itself: listing it too attaches it once.
    if (arn !== undefined && !role.policies.includes(arn)) role.policies.push(arn);
  }
  // Inline documents and policy templates, as the validator found them, are added by readExtractedPolicies.
}

/** SAM inline documents and expanded policy templates, and every resource policy, come from the extractor. */
function readExtractedPolicies(reader: TemplateReader, root: TemplateNode, parts: AccountParts): void {
  const { resolve, asDocument } = reader;
  for (const found of cloudFormationPolicies(root).policies) {
    const resource = get(get(root, 'Resources'), found.resource);
    const type = stringOf(get(resource, 'Type'));
    const properties = get(resource, 'Properties');
    const document = resolve(found.node);
    if (!document) continue;
    if (
      (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') &&
      found.type === 'identity' &&
      get(properties, 'Role') === undefined
    ) {
      // Named after where they are written: `Policies[0].S3ReadPolicy`.
      parts.roles.get(`${found.resource}Role`).inlinePolicies[found.path.slice(found.path.indexOf('.Properties.') + 12)] = asDocument(document);
      continue;
    }
    if (found.type !== 'resource') continue;
    const json = asDocument(document);
    for (const arn of resourceArns(type, properties, found.resource, reader.env, reader.list, reader.text, reader.assumptions))
      parts.resources[arn] = { policy: json, description: `${found.label} in ${reader.source}` };
  }
}

/** The ARNs a resource policy applies to, from the property that names its bucket, queues, topics, key or secret. */
function resourceArns(
  type: string | undefined,
  properties: TemplateNode | undefined,
  logicalId: string,
  env: CloudFormationEnvironment,
  list: (node: TemplateNode | undefined) => string[],
  text: (node: TemplateNode | undefined) => string | undefined,
  assumptions: DeploymentAssumptions,
): string[] {
  switch (type) {
    case 'AWS::S3::BucketPolicy': {
      const bucket = text(get(properties, 'Bucket'));
      return bucket !== undefined ? [bucket.startsWith('arn:') ? bucket : `arn:${assumptions.partition}:s3:::${bucket}`] : [];
    }
    case 'AWS::SQS::QueuePolicy':
      return list(get(properties, 'Queues')).map((url) => {
        const match = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/(.+)$/.exec(url);
        return match ? `arn:${assumptions.partition}:sqs:${match[1]}:${match[2]}:${match[3]}` : url;
      });
    case 'AWS::SNS::TopicPolicy':
      return list(get(properties, 'Topics'));
    case 'AWS::SecretsManager::ResourcePolicy': {
      const secret = text(get(properties, 'SecretId'));
      return secret !== undefined ? [secret] : [];
    }
    case 'AWS::KMS::Key':
    case 'AWS::ECR::Repository': {
      const arn = knownText(env.getAtt(logicalId, 'Arn'));
      return arn !== undefined ? [arn] : [];
    }
    default:
      return [];
  }
}
