/**
 * Finds every policy document in a CloudFormation or SAM template, with the policy type AWS evaluates it as, and
 * the references a model needs (managed policy ARNs, boundaries). Works on template nodes, so JSON and YAML
 * templates are one case.
 */
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import { SAM_POLICY_TEMPLATES } from './samPolicyTemplates';
import { get, itemsOf, stringOf, type TemplateMap, type TemplateNode } from './templateNode';

export interface TemplatePolicy {
  /** The document as written: a map, or a string holding JSON (Organizations `Content`, Terraform heredocs). */
  readonly node: TemplateNode;
  readonly type: PolicyType;
  /** What it is, for messages and symbols: `inline policy S3Access of AWS::IAM::Role AppRole`. */
  readonly label: string;
  /** Where it is inside the template, stable across edits elsewhere: `Resources.AppRole.Properties.Policies[0].PolicyDocument`. */
  readonly path: string;
  /** The logical id (or Terraform address) of the resource that holds it. */
  readonly resource: string;
  /** The CDK construct path (`aws:cdk:path` metadata), for templates `cdk synth` wrote. */
  readonly construct?: string;
  /** An API Gateway resource policy, where `execute-api:/stage/…` stands for the API's own ARN. */
  readonly apiGateway?: boolean;
}

/** A note from the extraction itself, reported like a finding (a SAM policy template this version does not know). */
export interface ExtractionNote {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly resource: string;
}

export interface ExtractedPolicies {
  readonly policies: readonly TemplatePolicy[];
  readonly notes: readonly ExtractionNote[];
}

/** Resource types whose one property is a resource-based policy document. */
const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, readonly [string, PolicyType]>> = {
  'AWS::S3::BucketPolicy': ['PolicyDocument', 'resource'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument', 'resource'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument', 'resource'],
  'AWS::KMS::Key': ['KeyPolicy', 'resource'],
  'AWS::SecretsManager::ResourcePolicy': ['ResourcePolicy', 'resource'],
  'AWS::ECR::Repository': ['RepositoryPolicyText', 'resource'],
  'AWS::S3::AccessPoint': ['Policy', 'resource'],
  'AWS::EFS::FileSystem': ['FileSystemPolicy', 'resource'],
  'AWS::OpenSearchService::Domain': ['AccessPolicies', 'resource'],
  'AWS::Backup::BackupVault': ['AccessPolicy', 'resource'],
  'AWS::EC2::VPCEndpoint': ['PolicyDocument', 'endpoint'],
  'AWS::ApiGateway::RestApi': ['Policy', 'resource'],
  'AWS::ApiGateway::DomainNameV2': ['Policy', 'resource'],
  'AWS::IAM::Policy': ['PolicyDocument', 'identity'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument', 'identity'],
  'AWS::IAM::RolePolicy': ['PolicyDocument', 'identity'],
  'AWS::IAM::UserPolicy': ['PolicyDocument', 'identity'],
  'AWS::IAM::GroupPolicy': ['PolicyDocument', 'identity'],
};

const ORGANIZATIONS_TYPES: Readonly<Record<string, PolicyType>> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

export function cloudFormationPolicies(root: TemplateNode | undefined): ExtractedPolicies {
  const policies: TemplatePolicy[] = [];
  const notes: ExtractionNote[] = [];
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return { policies, notes };
  for (const entry of resources.entries) {
    const logicalId = entry.key;
    const resource = entry.value;
    const type = stringOf(get(resource, 'Type'));
    const properties = get(resource, 'Properties');
    if (type === undefined || properties === undefined) continue;
    const construct = stringOf(get(get(resource, 'Metadata'), 'aws:cdk:path'));
    const base = `Resources.${logicalId}.Properties`;
    const apiGateway = type.startsWith('AWS::ApiGateway::') || type === 'AWS::Serverless::Api';
    const add = (node: TemplateNode | undefined, policyType: PolicyType, what: string, path: string): void => {
      if (node === undefined || !isDocument(node)) return;
      policies.push({
        node,
        type: policyType,
        label: `${what} of ${type} ${logicalId}`,
        path: `${base}.${path}`,
        resource: logicalId,
        ...(construct !== undefined ? { construct } : {}),
        ...(apiGateway ? { apiGateway } : {}),
      });
    };

    const single = RESOURCE_POLICY_PROPERTIES[type];
    if (single) add(get(properties, single[0]), single[1], POLICY_TYPE_WORDS[single[1]], single[0]);

    switch (type) {
      case 'AWS::IAM::Role':
        add(get(properties, 'AssumeRolePolicyDocument'), 'trust', 'trust policy', 'AssumeRolePolicyDocument');
        addInlinePolicies(properties, add);
        break;
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group':
        addInlinePolicies(properties, add);
        break;
      case 'AWS::Organizations::Policy': {
        const policyType = ORGANIZATIONS_TYPES[stringOf(get(properties, 'Type')) ?? ''];
        if (policyType) add(get(properties, 'Content'), policyType, POLICY_TYPE_WORDS[policyType], 'Content');
        break;
      }
      case 'AWS::Serverless::Api':
        // An OpenAPI definition carries the API's resource policy as an extension.
        add(get(get(properties, 'DefinitionBody'), 'x-amazon-apigateway-policy'), 'resource', 'resource policy', 'DefinitionBody.x-amazon-apigateway-policy');
        break;
      case 'AWS::Serverless::Function':
      case 'AWS::Serverless::StateMachine':
        add(get(properties, 'AssumeRolePolicyDocument'), 'trust', 'trust policy', 'AssumeRolePolicyDocument');
        samPolicies(get(properties, 'Policies'), add, (code, message, span) => notes.push({ code, message, span, resource: logicalId }));
        break;
    }
  }
  return { policies, notes };
}

const POLICY_TYPE_WORDS: Readonly<Record<PolicyType, string>> = {
  identity: 'policy',
  resource: 'resource policy',
  trust: 'trust policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  endpoint: 'VPC endpoint policy',
};

type Add = (node: TemplateNode | undefined, type: PolicyType, what: string, path: string) => void;

function addInlinePolicies(properties: TemplateNode, add: Add): void {
  itemsOf(get(properties, 'Policies')).forEach((policy, index) => {
    const name = stringOf(get(policy, 'PolicyName')) ?? `#${index + 1}`;
    add(get(policy, 'PolicyDocument'), 'identity', `inline policy ${name}`, `Policies[${index}].PolicyDocument`);
  });
}

/**
 * SAM `Policies`: a managed policy name or ARN, an inline document, a policy template (`S3ReadPolicy: {…}`), or a
 * list of these. Policy templates expand to documents whose every value points at the template's entry.
 */
function samPolicies(value: TemplateNode | undefined, add: Add, note: (code: string, message: string, span: Span) => void): void {
  const entries = value?.kind === 'seq' ? value.items.map((item, index) => [item, `Policies[${index}]`] as const) : value ? [[value, 'Policies'] as const] : [];
  for (const [item, path] of entries) {
    if (item.kind !== 'map') continue;
    if (get(item, 'Statement') !== undefined) {
      add(item, 'identity', 'inline policy', path);
      continue;
    }
    if (item.entries.length !== 1 || item.shortTag !== undefined || item.entries[0]?.key.startsWith('Fn::') || item.entries[0]?.key === 'Ref') continue;
    const [entry] = item.entries;
    if (entry === undefined) continue;
    const definition = SAM_POLICY_TEMPLATES[entry.key];
    if (!definition) {
      note(
        'samPolicyTemplateUnknown',
        `The SAM policy template ${entry.key} is not one this version expands, so the permissions it grants are not checked.`,
        entry.keySpan,
      );
      continue;
    }
    add(expandSamTemplate(definition, entry.value, item.span), 'identity', `SAM policy template ${entry.key}`, `${path}.${entry.key}`);
  }
}

/** The template's document, as if written in the template with `Fn::Sub` over its parameters, all at `span`. */
function expandSamTemplate(definition: (typeof SAM_POLICY_TEMPLATES)[string], parameters: TemplateNode | undefined, span: Span): TemplateMap {
  const at = <T extends object>(node: T): T & { span: Span } => ({ ...node, span });
  const sub = (text: string): TemplateNode =>
    at({
      kind: 'map',
      entries: [
        {
          key: 'Fn::Sub',
          keySpan: span,
          value: at({ kind: 'seq', items: [at({ kind: 'string', value: text }), parameters?.kind === 'map' ? parameters : at({ kind: 'map', entries: [] })] }),
        },
      ],
    }) as TemplateNode;
  const string = (value: string): TemplateNode => at({ kind: 'string', value }) as TemplateNode;
  const statements = definition.statements.map(
    (statement) =>
      at({
        kind: 'map',
        entries: [
          { key: 'Effect', keySpan: span, value: string('Allow') },
          { key: 'Action', keySpan: span, value: at({ kind: 'seq', items: statement.actions.map(string) }) as TemplateNode },
          {
            key: 'Resource',
            keySpan: span,
            value: at({
              kind: 'seq',
              items: statement.resources.map((resource) => (resource.includes('${') ? sub(resource) : string(resource))),
            }) as TemplateNode,
          },
        ],
      }) as TemplateNode,
  );
  return at({
    kind: 'map',
    entries: [
      { key: 'Version', keySpan: span, value: string('2012-10-17') },
      { key: 'Statement', keySpan: span, value: at({ kind: 'seq', items: statements }) as TemplateNode },
    ],
  }) as TemplateMap;
}

/** A document is a map (with or without Statement yet) or a string of JSON; an intrinsic that builds one is too. */
function isDocument(node: TemplateNode): boolean {
  return node.kind === 'map' || node.kind === 'string';
}
