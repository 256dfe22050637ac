/**
 * A Terraform module as an account model (the hand-written model's JSON shape): roles with their trust policy,
 * inline policies and attachments, users and groups with theirs and their memberships, customer managed policies,
 * and the resource policies of buckets, queues, topics and keys on the ARNs their names give. A resource whose name
 * Terraform generates is named by its resource label (`aws_iam_role.app` without `name` is the role `app`).
 */
import type { DeploymentAssumptions } from './cloudFormationEnvironment';
import type { HclNode } from './hclTree';
import type { HclBlock, HclValues } from './hclValues';
import { resolveValue } from './intrinsics';
import { knownText, sourcedDocument, type Json } from './modelJson';
import { accountModel, emptyAccountParts, type AccountParts, type ModelPrincipals } from './modelPrincipals';
import type { ResolvedValue } from './resolvedValue';
import type { ModuleBlock, TerraformModule } from './terraformModule';
import { terraformPolicyDocument } from './terraformPolicyDocument';

const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)$/;

/** The module a local `module` call reads (its folder's .tf files, with the call's inputs), from the edge. */
export type LoadModule = (caller: TerraformModule, call: ModuleBlock, source: string) => TerraformModule | undefined;

/** Local modules are followed this deep, and at most this many are read (a call tree, not a generated graph). */
const MAX_MODULE_DEPTH = 5;
const MAX_MODULES = 64;

/** What the modules' resources add up to, and the managed policies' ARNs to their names (attachments by ARN become names). */
interface ModuleParts extends AccountParts {
  readonly policyArns: Map<string, string>;
}

/** Arguments read in one module: expressions resolve in it (local modules have their own variables and locals). */
interface ModuleReader {
  resolve(values: HclValues, expression: HclNode | undefined): ResolvedValue | undefined;
  text(values: HclValues, expression: HclNode | undefined): string | undefined;
  document(values: HclValues, expression: HclNode | undefined): Json | undefined;
  /** The name a resource's argument gives it, or its label when Terraform generates the name. */
  nameOf(address: string, argument: string): string;
}

/** One resource being read: its module's reader, its arguments, and the assumptions its ARNs are built on. */
interface ResourceRead {
  readonly reader: ModuleReader;
  readonly module: TerraformModule;
  readonly assumptions: DeploymentAssumptions;
  /** Where the module was read from, named in each principal and resource description. */
  readonly source: string;
  readonly address: string;
  readonly type: string | undefined;
  readonly entry: ModuleBlock;
  readonly values: HclValues;
  readonly arg: (name: string) => HclNode | undefined;
}

export function terraformModel(root: TerraformModule, source: string, loadModule?: LoadModule): Json {
  const modules = [root, ...calledModules(root, loadModule)];
  for (const called of modules) called.namesFromLabels = true;
  const assumptions = root.assumptions;
  const parts: ModuleParts = { ...emptyAccountParts(), policyArns: new Map<string, string>() };
  // Managed policies first, so attachments by ARN become names.
  for (const module of modules) readManagedPolicies(moduleReader(module), module, assumptions, parts);
  for (const module of modules) {
    const reader = moduleReader(module);
    for (const [address, entry] of module.resources) {
      const args = entry.values.attributes(entry.block.body);
      const arg = (name: string) => args.get(name)?.expression;
      readResource({ reader, module, assumptions, source, address, type: entry.block.labels[0], entry, values: entry.values, arg }, parts);
    }
  }
  return accountModel(
    `Built from the Terraform module ${source}, as deployed in account ${assumptions.account} (${assumptions.region}).`,
    assumptions.account,
    source,
    parts,
  );
}

function moduleReader(module: TerraformModule): ModuleReader {
  const resolve = (values: HclValues, expression: HclNode | undefined): ResolvedValue | undefined => {
    const node = values.expression(expression);
    return node ? resolveValue(node, module) : undefined;
  };
  const text = (values: HclValues, expression: HclNode | undefined): string | undefined => knownText(resolve(values, expression));
  /**
   * A policy argument as a JSON document: a data source, jsonencode, a heredoc or file(...), keeping the file it is
   * written in (a data source may be in another file of the module) so explanations point there.
   */
  const document = (values: HclValues, expression: HclNode | undefined): Json | undefined => {
    if (!expression) return undefined;
    const reference = DOCUMENT_REFERENCE.exec(values.source(expression).trim());
    if (reference) {
      const data = module.data.get(`aws_iam_policy_document.${reference[1] as string}`);
      const resolved = data ? resolveValue(terraformPolicyDocument(data.values, data.block), module) : undefined;
      return resolved ? sourcedDocument(resolved, data?.file.path) : undefined;
    }
    const resolved = resolve(values, expression);
    return resolved ? sourcedDocument(resolved, values.file.path) : undefined;
  };
  const nameOf = (address: string, argument: string): string => {
    const entry = module.resources.get(address);
    const label = address.slice(address.indexOf('.') + 1);
    if (!entry) return label;
    return text(entry.values, entry.values.attributes(entry.block.body).get(argument)?.expression) ?? label;
  };
  return { resolve, text, document, nameOf };
}

function readManagedPolicies(reader: ModuleReader, module: TerraformModule, assumptions: DeploymentAssumptions, parts: ModuleParts): void {
  const { partition, account } = assumptions;
  for (const [address, entry] of module.resources) {
    if (entry.block.labels[0] !== 'aws_iam_policy') continue;
    const name = reader.nameOf(address, 'name');
    const doc = reader.document(entry.values, entry.values.attributes(entry.block.body).get('policy')?.expression);
    if (doc !== undefined) parts.policies[name] = doc;
    parts.policyArns.set(`arn:${partition}:iam::${account}:policy/${name}`, name);
  }
}
/** One resource into the account's parts; a type that holds no principal or policy adds nothing. */
function readResource(resource: ResourceRead, parts: ModuleParts): void {
  switch (resource.type) {
    case 'aws_iam_role':
      return readRole(resource, parts);
    case 'aws_iam_user':
    case 'aws_iam_group': {
      const { reader, values, arg } = resource;
      const principal = (resource.type === 'aws_iam_user' ? parts.users : parts.groups).get(reader.nameOf(resource.address, 'name'));
      const path = reader.text(values, arg('path'));
      if (path !== undefined) principal.path = path;
      return;
    }
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy':
      return readInlinePolicy(resource, parts);
    case 'aws_iam_role_policy_attachment':
    case 'aws_iam_user_policy_attachment':
    case 'aws_iam_group_policy_attachment':
      return readAttachment(resource, parts);
    case 'aws_iam_user_group_membership':
    case 'aws_iam_group_membership':
      return readMembership(resource, parts);
    case 'aws_s3_bucket_policy':
    case 'aws_sqs_queue_policy':
    case 'aws_sns_topic_policy':
      return readResourcePolicy(resource, parts);
    case 'aws_kms_key': {
      const { reader, module, address, type, values, arg } = resource;
      const doc = reader.document(values, arg('policy'));
      const arn = knownText(module.getAtt(type, `${address.slice(address.indexOf('.') + 1)}.arn`) as ResolvedValue | undefined);
      if (doc !== undefined && arn !== undefined) parts.resources[arn] = { policy: doc, description: `${address} in ${resource.source}` };
      return;
    }
  }
}

function readRole({ reader, address, entry, values, arg, source }: ResourceRead, parts: ModuleParts): void {
  const role = parts.roles.get(reader.nameOf(address, 'name'));
  const trust = reader.document(values, arg('assume_role_policy'));
  if (trust !== undefined) role.trustPolicy = trust;
  const path = reader.text(values, arg('path'));
  if (path !== undefined) role.path = path;
  const boundary = reader.text(values, arg('permissions_boundary'));
  if (boundary !== undefined) role.permissionsBoundary = policyReference(parts, boundary);
  for (const [index, block] of values
    .blocks(entry.block.body)
    .filter((b: HclBlock) => b.type === 'inline_policy')
    .entries()) {
    const inline = values.attributes(block.body);
    const doc = reader.document(values, inline.get('policy')?.expression);
    if (doc !== undefined) role.inlinePolicies[reader.text(values, inline.get('name')?.expression) ?? `inline${index + 1}`] = doc;
  }
  const managed = reader.resolve(values, arg('managed_policy_arns'));
  if (managed?.kind === 'seq')
    for (const item of managed.items) {
      const arn = knownText(item);
      if (arn) role.policies.push(policyReference(parts, arn));
    }
  role.description = `${address} in ${source}`;
}

/** A managed policy's name when the module defines it, else its ARN (an AWS managed policy, or one defined elsewhere). */
function policyReference(parts: ModuleParts, arn: string): string {
  return parts.policyArns.get(arn) ?? arn;
}

/** The principals an `aws_iam_<kind>_policy` or `..._attachment` resource names in its `role`, `user` or `group`. */
function ownerKind(parts: ModuleParts, type: string | undefined): [ModelPrincipals, string] {
  return type?.startsWith('aws_iam_role_') ? [parts.roles, 'role'] : type?.startsWith('aws_iam_user_') ? [parts.users, 'user'] : [parts.groups, 'group'];
}

function readInlinePolicy({ reader, address, type, values, arg }: ResourceRead, parts: ModuleParts): void {
  const [map, key] = ownerKind(parts, type);
  const owner = reader.text(values, arg(key));
  const doc = reader.document(values, arg('policy'));
  if (owner !== undefined && doc !== undefined) map.get(owner).inlinePolicies[reader.text(values, arg('name')) ?? address] = doc;
}

function readAttachment({ reader, type, values, arg }: ResourceRead, parts: ModuleParts): void {
  const [map, key] = ownerKind(parts, type);
  const owner = reader.text(values, arg(key));
  const arn = reader.text(values, arg('policy_arn'));
  if (owner !== undefined && arn !== undefined) map.get(owner).policies.push(policyReference(parts, arn));
}

/** Group memberships, either one user's groups or one group's users. */
function readMembership({ reader, type, values, arg }: ResourceRead, parts: ModuleParts): void {
  if (type === 'aws_iam_user_group_membership') {
    const user = reader.text(values, arg('user'));
    const list = reader.resolve(values, arg('groups'));
    if (user !== undefined && list?.kind === 'seq')
      for (const item of list.items) {
        const group = knownText(item);
        if (group) (parts.users.get(user).groups ??= []).push(group);
      }
    return;
  }
  const group = reader.text(values, arg('group'));
  const list = reader.resolve(values, arg('users'));
  if (group !== undefined && list?.kind === 'seq')
    for (const item of list.items) {
      const user = knownText(item);
      if (user) (parts.users.get(user).groups ??= []).push(group);
    }
}

/** A bucket, queue or topic policy, on the ARN its target gives (a queue is named by its URL). */
function readResourcePolicy({ reader, assumptions, source, address, type, values, arg }: ResourceRead, parts: ModuleParts): void {
  const doc = reader.document(values, arg('policy'));
  const target = reader.text(values, arg(type === 'aws_s3_bucket_policy' ? 'bucket' : type === 'aws_sqs_queue_policy' ? 'queue_url' : 'arn'));
  if (doc === undefined || target === undefined) return;
  const arn =
    type === 'aws_s3_bucket_policy'
      ? `arn:${assumptions.partition}:s3:::${target}`
      : type === 'aws_sqs_queue_policy'
        ? (/^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/(.+)$/.exec(target) ?? []).slice(1).join(':')
        : target;
  if (arn)
    parts.resources[type === 'aws_sqs_queue_policy' ? `arn:${assumptions.partition}:sqs:${arn}` : arn] = {
      policy: doc,
      description: `${address} in ${source}`,
    };
}

/**
 * The local modules the root calls, and those they call, each read with its caller's inputs: breadth first, bounded
 * in depth and number, and never a module inside its own call chain (a cycle of `source`s).
 */
function calledModules(root: TerraformModule, loadModule: LoadModule | undefined): TerraformModule[] {
  if (!loadModule) return [];
  const found: TerraformModule[] = [];
  const queue: { module: TerraformModule; chain: readonly string[] }[] = [{ module: root, chain: [folderOf(root)] }];
  while (queue.length > 0 && found.length < MAX_MODULES) {
    const { module, chain } = queue.shift() as { module: TerraformModule; chain: readonly string[] };
    if (chain.length > MAX_MODULE_DEPTH) continue;
    for (const call of module.modules.values()) {
      const local = module.localSource(call);
      const child = local !== undefined ? loadModule(module, call, local) : undefined;
      if (!child || chain.includes(folderOf(child)) || found.length >= MAX_MODULES) continue;
      found.push(child);
      queue.push({ module: child, chain: [...chain, folderOf(child)] });
    }
  }
  return found;
}

function folderOf(module: TerraformModule): string {
  const path = module.files[0]?.path ?? '';
  return path.slice(0, Math.max(0, path.replace(/\\/g, '/').lastIndexOf('/')));
}
