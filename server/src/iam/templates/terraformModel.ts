/**
 * A Terraform module as an account model (the hand-written model's JSON shape): roles with their trust policy,
 * inline policies and attachments, users and groups with theirs and their memberships, customer managed policies,
 * and the resource policies of buckets, queues, topics and keys on the ARNs their names give. A resource whose name
 * Terraform generates is named by its resource label (`aws_iam_role.app` without `name` is the role `app`). A
 * resource or module call with count or for_each is read once per instance where the configuration says how many;
 * one named by `name_prefix` is named by the prefix and its index or key (`app-0`), which the description says.
 */
import type { DeploymentAssumptions } from './cloudFormationEnvironment';
import type { HclNode } from './hclTree';
import type { HclBlock, HclValues } from './hclValues';
import { resolveValue } from './intrinsics';
import { knownText, sourcedDocument, type Json } from './modelJson';
import { accountModel, emptyAccountParts, type AccountParts, type ModelPrincipals } from './modelPrincipals';
import type { ResolvedValue } from './resolvedValue';
import { InstanceScope, instanceSuffix, MAX_INSTANCES, type InstanceBinding } from './terraformInstances';
import { generatedName, labelName, type ModuleBlock, type TerraformModule } from './terraformModule';
import { walkModules, type LoadModule } from './terraformModuleWalk';
import { DOCUMENT_REFERENCE, terraformPolicyDocument } from './terraformPolicyDocument';

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
  /** With the instance's index or key when the resource has count or for_each: `aws_iam_role.app[0]`. */
  readonly address: string;
  /** Its address from the root module (`module.app["a"].aws_iam_role.this[0]`) and where it was read: for descriptions. */
  readonly described: string;
  readonly type: string | undefined;
  readonly entry: ModuleBlock;
  readonly values: HclValues;
  readonly arg: (name: string) => HclNode | undefined;
}

export function terraformModel(root: TerraformModule, source: string, loadModule?: LoadModule): Json {
  const walk = loadModule ? walkModules(root, loadModule) : { instances: [], notes: [] };
  const modules = [root, ...walk.instances.map((instance) => instance.module)];
  root.labelPrefix = '';
  for (const { module, chain } of walk.instances)
    module.labelPrefix = chain.map((call) => `${call.address.slice('module.'.length).replace(/\["?([^"\]]*)"?\]/g, '-$1')}-`).join('');
  const assumptions = root.assumptions;
  const parts: ModuleParts = { ...emptyAccountParts(), policyArns: new Map<string, string>() };
  const said = new Set(walk.notes.map((note) => note.message));
  const where = new Map(walk.instances.map((instance) => [instance.module, `${instance.chain.map((call) => call.address).join('.')}.`]));
  // Every instance of every resource (count, for_each), managed policies first so that attachments by ARN become names.
  const reads: ResourceRead[] = [];
  for (const module of modules) {
    for (const [address, entry] of module.resources) {
      if (!MODEL_TYPES.has(entry.block.labels[0] ?? '')) continue;
      const instances = module.instances(address);
      const at = `${where.get(module) ?? ''}${address}`;
      if (instances.unknown) said.add(`The ${instances.unknown.argument} of ${at} is not known from the configuration: it is read as one instance.`);
      if (instances.cut !== undefined) said.add(`${at} has ${instances.cut} instances: the first ${MAX_INSTANCES} are read.`);
      if (instances.listForEach) said.add(`The for_each of ${at} is a list, which Terraform refuses (it takes a map or a set): it is read as one instance.`);
      const args = entry.values.attributes(entry.block.body);
      const first = instances.bindings[0];
      if (first !== undefined && instances.bindings.length > 1 && !args.has('name') && args.has('name_prefix'))
        said.add(
          `${at} is named from its name_prefix, to which Terraform adds a unique suffix: each instance is assumed to be named by the prefix and its index or key (${generatedName(moduleReader(module, first).text(entry.values, args.get('name_prefix')?.expression) ?? '', first)}).`,
        );
      for (const binding of instances.bindings) {
        const arg = (name: string) => args.get(name)?.expression;
        const reader = moduleReader(module, binding);
        const type = entry.block.labels[0];
        const instance = `${address}${instanceSuffix(binding)}`;
        reads.push({
          reader,
          module,
          assumptions,
          address: instance,
          described: `${at}${instanceSuffix(binding)} in ${source}`,
          type,
          entry,
          values: entry.values,
          arg,
        });
      }
    }
  }
  const named = new Map<string, string>();
  for (const read of reads) if (read.type === 'aws_iam_policy' && !sameNameAsEarlier(read, named, said)) readManagedPolicy(read, parts);
  for (const read of reads) if (!sameNameAsEarlier(read, named, said)) readResource(read, parts);
  const notes = said.size > 0 ? ` ${[...said].slice(0, 10).join(' ')}${said.size > 10 ? ` (${said.size - 10} more such notes)` : ''}` : '';
  return accountModel(
    `Built from the Terraform module ${source}, as deployed in account ${assumptions.account} (${assumptions.region}).${notes}`,
    assumptions.account,
    source,
    parts,
  );
}

const NAMED_KINDS: Readonly<Record<string, string>> = { aws_iam_role: 'role', aws_iam_user: 'user', aws_iam_group: 'group', aws_iam_policy: 'policy' };

/**
 * True, with a note, when a role, user, group or managed policy has the name an earlier one has (two instances of one
 * fixed `name`): AWS refuses to create the second, so the model keeps the first instead of merging them.
 */
function sameNameAsEarlier(read: ResourceRead, named: Map<string, string>, said: Set<string>): boolean {
  const kind = NAMED_KINDS[read.type ?? ''];
  if (kind === undefined) return false;
  const name = read.reader.nameOf(read.address, 'name');
  const earlier = named.get(`${kind}/${name}`);
  if (earlier === undefined || earlier === read.described) {
    named.set(`${kind}/${name}`, read.described);
    return false;
  }
  said.add(`${read.described} has the name of ${earlier} (${kind} ${name}): AWS refuses to create the second, so the model holds the first only.`);
  return true;
}

/** The resource types an account model takes something from (principals, policies, attachments, resource policies). */
const MODEL_TYPES = new Set([
  'aws_iam_role',
  'aws_iam_user',
  'aws_iam_group',
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_group_membership',
  'aws_s3_bucket_policy',
  'aws_sqs_queue_policy',
  'aws_sns_topic_policy',
  'aws_kms_key',
]);

/** A reader for one instance of a resource: count.index and each.* are its own (none for a single resource). */
function moduleReader(module: TerraformModule, binding: InstanceBinding | undefined): ModuleReader {
  const scope = binding ? new InstanceScope(module, binding) : module;
  const resolve = (values: HclValues, expression: HclNode | undefined): ResolvedValue | undefined => {
    const node = values.expression(expression);
    return node ? resolveValue(node, scope) : undefined;
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
      const resolved = data ? resolveValue(terraformPolicyDocument(data.values, data.block), scope) : undefined;
      return resolved ? sourcedDocument(resolved, data?.file.path) : undefined;
    }
    const resolved = resolve(values, expression);
    return resolved ? sourcedDocument(resolved, values.file.path) : undefined;
  };
  const nameOf = (instanceAddress: string, argument: string): string => {
    const address = instanceAddress.replace(/\[[^\]]*\]$/, '');
    const entry = module.resources.get(address);
    const label = labelName(address, binding, module.labelPrefix);
    if (!entry) return label;
    const attributes = entry.values.attributes(entry.block.body);
    // A name Terraform generates from `name_prefix` is named by the prefix (and the instance's key): what the user
    // wrote and knows it by.
    const prefix = text(entry.values, attributes.get(`${argument}_prefix`)?.expression);
    return (
      text(entry.values, attributes.get(argument)?.expression) ??
      (prefix !== undefined ? generatedName(prefix, module.several(address) ? binding : undefined) : label)
    );
  };
  return { resolve, text, document, nameOf };
}

function readManagedPolicy({ reader, assumptions, entry, address }: ResourceRead, parts: ModuleParts): void {
  const name = reader.nameOf(address, 'name');
  const doc = reader.document(entry.values, entry.values.attributes(entry.block.body).get('policy')?.expression);
  if (doc !== undefined) parts.policies[name] = doc;
  parts.policyArns.set(`arn:${assumptions.partition}:iam::${assumptions.account}:policy/${name}`, name);
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
      if (doc !== undefined && arn !== undefined) parts.resources[arn] = { policy: doc, description: resource.described };
      return;
    }
  }
}

function readRole({ reader, address, entry, values, arg, described }: ResourceRead, parts: ModuleParts): void {
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
  role.description = described;
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
function readResourcePolicy({ reader, assumptions, described, type, values, arg }: ResourceRead, parts: ModuleParts): void {
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
      description: described,
    };
}
