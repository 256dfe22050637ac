/**
 * A Terraform module as an account model (the hand-written model's JSON shape): roles with their trust policy,
 * inline policies and attachments, users and groups with theirs and their memberships, customer managed policies,
 * and the resource policies of buckets, queues, topics and keys on the ARNs their names give. A resource whose name
 * Terraform generates is named by its resource label (`aws_iam_role.app` without `name` is the role `app`).
 */
import type { HclNode } from './hclTree';
import type { HclBlock, HclValues } from './hclValues';
import { resolveValue } from './intrinsics';
import { knownText, sourcedDocument, type Json } from './modelJson';
import { ModelPrincipals, type ModelPrincipal } from './modelPrincipals';
import type { ResolvedValue } from './resolvedValue';
import type { ModuleBlock, TerraformModule } from './terraformModule';
import { terraformPolicyDocument } from './terraformPolicyDocument';

const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)$/;

/** The module a local `module` call reads (its folder's .tf files, with the call's inputs), from the edge. */
export type LoadModule = (caller: TerraformModule, call: ModuleBlock, source: string) => TerraformModule | undefined;

/** Local modules are followed this deep, and at most this many are read (a call tree, not a generated graph). */
const MAX_MODULE_DEPTH = 5;
const MAX_MODULES = 64;

export function terraformModel(root: TerraformModule, source: string, loadModule?: LoadModule): Json {
  const modules = [root, ...calledModules(root, loadModule)];
  for (const called of modules) called.namesFromLabels = true;
  const assumptions = root.assumptions;
  // The module being read: the helpers below resolve in it, and the loops below go through each in turn.
  let module = root;
  const users = new ModelPrincipals();
  const groups = new ModelPrincipals();
  const roles = new ModelPrincipals();
  const policies: { [name: string]: Json } = {};
  const policyArns = new Map<string, string>();
  const resources: { [arn: string]: { policy: Json; description: string } } = {};
  const entity = (principals: ModelPrincipals, name: string): ModelPrincipal => principals.get(name);
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

  // Managed policies first, so attachments by ARN become names.
  for (module of modules)
    for (const [address, entry] of module.resources) {
      if (entry.block.labels[0] !== 'aws_iam_policy') continue;
      const name = nameOf(address, 'name');
      const doc = document(entry.values, entry.values.attributes(entry.block.body).get('policy')?.expression);
      if (doc !== undefined) policies[name] = doc;
      policyArns.set(`arn:${assumptions.partition}:iam::${assumptions.account}:policy/${name}`, name);
    }
  const policyReference = (arn: string): string => policyArns.get(arn) ?? arn;

  for (module of modules)
    for (const [address, entry] of module.resources) {
      const [type] = entry.block.labels;
      const values = entry.values;
      const args = values.attributes(entry.block.body);
      const arg = (name: string) => args.get(name)?.expression;
      switch (type) {
        case 'aws_iam_role': {
          const role = entity(roles, nameOf(address, 'name'));
          const trust = document(values, arg('assume_role_policy'));
          if (trust !== undefined) role.trustPolicy = trust;
          const path = text(values, arg('path'));
          if (path !== undefined) role.path = path;
          const boundary = text(values, arg('permissions_boundary'));
          if (boundary !== undefined) role.permissionsBoundary = policyReference(boundary);
          for (const [index, block] of values
            .blocks(entry.block.body)
            .filter((b: HclBlock) => b.type === 'inline_policy')
            .entries()) {
            const inline = values.attributes(block.body);
            const doc = document(values, inline.get('policy')?.expression);
            if (doc !== undefined) role.inlinePolicies[text(values, inline.get('name')?.expression) ?? `inline${index + 1}`] = doc;
          }
          const managed = resolve(values, arg('managed_policy_arns'));
          if (managed?.kind === 'seq')
            for (const item of managed.items) {
              const arn = knownText(item);
              if (arn) role.policies.push(policyReference(arn));
            }
          role.description = `${address} in ${source}`;
          break;
        }
        case 'aws_iam_user':
        case 'aws_iam_group': {
          const principal = entity(type === 'aws_iam_user' ? users : groups, nameOf(address, 'name'));
          const path = text(values, arg('path'));
          if (path !== undefined) principal.path = path;
          break;
        }
        case 'aws_iam_role_policy':
        case 'aws_iam_user_policy':
        case 'aws_iam_group_policy': {
          const [map, key] = type === 'aws_iam_role_policy' ? [roles, 'role'] : type === 'aws_iam_user_policy' ? [users, 'user'] : [groups, 'group'];
          const owner = text(values, arg(key));
          const doc = document(values, arg('policy'));
          if (owner !== undefined && doc !== undefined) entity(map, owner).inlinePolicies[text(values, arg('name')) ?? address] = doc;
          break;
        }
        case 'aws_iam_role_policy_attachment':
        case 'aws_iam_user_policy_attachment':
        case 'aws_iam_group_policy_attachment': {
          const [map, key] =
            type === 'aws_iam_role_policy_attachment' ? [roles, 'role'] : type === 'aws_iam_user_policy_attachment' ? [users, 'user'] : [groups, 'group'];
          const owner = text(values, arg(key));
          const arn = text(values, arg('policy_arn'));
          if (owner !== undefined && arn !== undefined) entity(map, owner).policies.push(policyReference(arn));
          break;
        }
        case 'aws_iam_user_group_membership': {
          const user = text(values, arg('user'));
          const list = resolve(values, arg('groups'));
          if (user !== undefined && list?.kind === 'seq')
            for (const item of list.items) {
              const group = knownText(item);
              if (group) (entity(users, user).groups ??= []).push(group);
            }
          break;
        }
        case 'aws_iam_group_membership': {
          const group = text(values, arg('group'));
          const list = resolve(values, arg('users'));
          if (group !== undefined && list?.kind === 'seq')
            for (const item of list.items) {
              const user = knownText(item);
              if (user) (entity(users, user).groups ??= []).push(group);
            }
          break;
        }
        case 'aws_s3_bucket_policy':
        case 'aws_sqs_queue_policy':
        case 'aws_sns_topic_policy': {
          const doc = document(values, arg('policy'));
          const target = text(values, arg(type === 'aws_s3_bucket_policy' ? 'bucket' : type === 'aws_sqs_queue_policy' ? 'queue_url' : 'arn'));
          if (doc === undefined || target === undefined) break;
          const arn =
            type === 'aws_s3_bucket_policy'
              ? `arn:${assumptions.partition}:s3:::${target}`
              : type === 'aws_sqs_queue_policy'
                ? (/^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/(.+)$/.exec(target) ?? []).slice(1).join(':')
                : target;
          if (arn)
            resources[type === 'aws_sqs_queue_policy' ? `arn:${assumptions.partition}:sqs:${arn}` : arn] = {
              policy: doc,
              description: `${address} in ${source}`,
            };
          break;
        }
        case 'aws_kms_key': {
          const doc = document(values, arg('policy'));
          const arn = knownText(module.getAtt(type, `${address.slice(address.indexOf('.') + 1)}.arn`) as ResolvedValue | undefined);
          if (doc !== undefined && arn !== undefined) resources[arn] = { policy: doc, description: `${address} in ${source}` };
          break;
        }
      }
    }
  const section = (principals: ModelPrincipals): { [name: string]: Json } => principals.section();
  return {
    description: `Built from the Terraform module ${source}, as deployed in account ${assumptions.account} (${assumptions.region}).`,
    accounts: {
      [assumptions.account]: {
        name: source,
        policies,
        users: section(users),
        groups: section(groups),
        roles: section(roles),
        resources: resources as unknown as Json,
      },
    },
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
