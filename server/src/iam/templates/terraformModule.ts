/**
 * A Terraform module (the .tf files of one folder) as far as policies need it: its resources, data sources,
 * variables and locals, wherever in the module's files they are declared, and an environment that resolves
 * `var.x`, `local.y`, `data.aws_caller_identity.current.account_id` and `aws_s3_bucket.b.arn` like intrinsics.
 */
import { isRegionSyntax } from '../regions';
import type { DeploymentAssumptions } from './cloudFormationEnvironment';
import { DEFAULT_ASSUMPTIONS } from './cloudFormationEnvironment';
import { HclValues, type HclBlock, type HclFile, type ReadModuleFile } from './hclValues';
import type { Lookup, ResolveEnvironment } from './intrinsics';
import { resolveValue } from './intrinsics';
import type { Piece, ResolvedValue } from './resolvedValue';
import { unknownPiece } from './resolvedValue';
import { resourceValue } from './resourceValue';
import { terraformPolicyDocument } from './terraformPolicyDocument';
import type { TemplateNode } from './templateNode';
import { CycleGuard } from './cycleGuard';
import { blockInstances, InstanceScope, instanceSuffix, type BlockInstances, type InstanceBinding } from './terraformInstances';

/** Terraform resource types mapped to the CloudFormation type with the same naming, and the argument that names them. */
const TERRAFORM_NAMING: Readonly<Record<string, readonly [string, string | undefined]>> = {
  aws_s3_bucket: ['AWS::S3::Bucket', 'bucket'],
  aws_iam_role: ['AWS::IAM::Role', 'name'],
  aws_iam_user: ['AWS::IAM::User', 'name'],
  aws_iam_group: ['AWS::IAM::Group', 'name'],
  aws_iam_policy: ['AWS::IAM::ManagedPolicy', 'name'],
  aws_sqs_queue: ['AWS::SQS::Queue', 'name'],
  aws_sns_topic: ['AWS::SNS::Topic', 'name'],
  aws_dynamodb_table: ['AWS::DynamoDB::Table', 'name'],
  aws_lambda_function: ['AWS::Lambda::Function', 'function_name'],
  aws_sfn_state_machine: ['AWS::StepFunctions::StateMachine', 'name'],
  aws_cloudwatch_log_group: ['AWS::Logs::LogGroup', 'name'],
  aws_kinesis_stream: ['AWS::Kinesis::Stream', 'name'],
  aws_ecr_repository: ['AWS::ECR::Repository', 'name'],
  aws_ssm_parameter: ['AWS::SSM::Parameter', 'name'],
  aws_secretsmanager_secret: ['AWS::SecretsManager::Secret', 'name'],
  aws_kms_key: ['AWS::KMS::Key', undefined],
  aws_iam_openid_connect_provider: ['AWS::IAM::OIDCProvider', 'url'],
};

const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** `app[0].arn`, `app["a"].name`: one instance of a resource with count or for_each. */
const INDEXED_REFERENCE = /^([A-Za-z0-9_-]+)\[\s*(\d+|"[^"\\]*")\s*\]\.([A-Za-z0-9_]+)$/;

/** `buckets[0]`, `names["a"].arn`: an indexed variable or local (after `var.` or `local.`), the path after its name. */
const INDEXED_VALUE = /^([A-Za-z0-9_-]+)(\[\s*(?:\d+|"[^"\\]*")\s*\](?:\[\s*(?:\d+|"[^"\\]*")\s*\]|\.[A-Za-z0-9_-]+)*)$/;

/** Terraform attribute names as CloudFormation attributes; `id` depends on the type (what `Ref` returns there). */
const ATTRIBUTES: Readonly<Record<string, string>> = { arn: 'Arn', url: 'QueueUrl', id: 'Ref' };

export interface ModuleBlock {
  readonly file: HclFile;
  readonly values: HclValues;
  readonly block: HclBlock;
}

/** A module's input variables as its caller sets them: each resolved in the caller's module, on demand. */
export type ModuleInputs = ReadonlyMap<string, () => ResolvedValue | undefined>;

export class TerraformModule implements ResolveEnvironment {
  readonly resources = new Map<string, ModuleBlock>();
  readonly data = new Map<string, ModuleBlock>();
  /** `module "x" { source = … }` calls, by name. */
  readonly modules = new Map<string, ModuleBlock>();
  private readonly variables = new Map<string, { values: HclValues; block: HclBlock }>();
  private readonly locals = new Map<string, { values: HclValues; expression: HclBlock['node'] | undefined }>();
  private readonly cycles = new CycleGuard();
  /**
   * Set for models: a resource whose name Terraform generates is named by its label instead of an unknown, after
   * this prefix (empty in the root module, the call's name and key in a called one: `roles-admin-this`).
   */
  labelPrefix: string | undefined;
  /**
   * The region the configuration's default `provider "aws"` block (no `alias`) writes as a literal, where resources are
   * created unless the deployment says otherwise.
   */
  readonly providerRegion: string | undefined;

  constructor(
    readonly files: readonly HclFile[],
    readonly assumptions: DeploymentAssumptions = DEFAULT_ASSUMPTIONS,
    private readonly readFile?: ReadModuleFile,
    /** For a module called by another: the variables its caller sets (they replace the defaults). */
    private readonly inputs?: ModuleInputs,
  ) {
    let providerRegion: string | undefined;
    for (const file of files) {
      const values = new HclValues(file, readFile);
      for (const block of values.blocks(file.root.children.find((c) => c.type === 'body'))) {
        const [first, second] = block.labels;
        if (block.type === 'provider' && first === 'aws') providerRegion ??= literalRegion(values, block);
        if (block.type === 'resource' && first !== undefined && second !== undefined) this.resources.set(`${first}.${second}`, { file, values, block });
        else if (block.type === 'data' && first !== undefined && second !== undefined) this.data.set(`${first}.${second}`, { file, values, block });
        else if (block.type === 'variable' && first !== undefined) this.variables.set(first, { values, block });
        else if (block.type === 'module' && first !== undefined) this.modules.set(first, { file, values, block });
        else if (block.type === 'locals') {
          for (const [name, attribute] of values.attributes(block.body)) this.locals.set(name, { values, expression: attribute.expression });
        }
      }
    }
    this.providerRegion = providerRegion;
  }

  /**
   * True when `var.name` is a list for Terraform, not a set: declared `list(…)` or `tuple(…)`, or undeclared in type
   * with a `[…]` default the caller does not replace (a caller's value may be a set: not judged).
   */
  variableIsList(name: string): boolean {
    const variable = this.variables.get(name);
    if (!variable) return false;
    const attributes = variable.values.attributes(variable.block.body);
    const type = attributes.get('type')?.expression;
    if (type) return /^\s*(list|tuple)\s*\(/.test(variable.values.source(type));
    const fallback = attributes.get('default')?.expression;
    return !this.inputs?.has(name) && fallback !== undefined && /^\s*\[/.test(variable.values.source(fallback));
  }

  /** The same files read as a root module: every variable at its default. */
  withoutInputs(): TerraformModule {
    return new TerraformModule(this.files, this.assumptions, this.readFile);
  }

  valuesFor(file: HclFile): HclValues | undefined {
    for (const entry of [...this.resources.values(), ...this.data.values()]) if (entry.file === file) return entry.values;
    return undefined;
  }

  ref(): Lookup {
    return undefined;
  }

  /** `${a.b.c}` arrives as getAtt('a', 'b.c'). */
  getAtt(first: string, rest: string): Lookup {
    const indexed = INDEXED_REFERENCE.exec(rest);
    if (indexed) {
      const [, second, index, third] = indexed as unknown as [string, string, string, string];
      return this.resourceAttribute(first, second, third, index.startsWith('"') ? (JSON.parse(index) as string) : Number(index));
    }
    if (first === 'var' || first === 'local') {
      const element = INDEXED_VALUE.exec(rest);
      if (element) return this.element(first, element[1] as string, element[2] as string);
    }
    // A data source's instance (`data.aws_caller_identity.current[0]`) reads as the data source: they do not vary.
    const parts = [first, ...(first === 'data' ? rest.replace(/\[[^\]]*\]/g, '') : rest).split('.')];
    if (parts.some((part) => part.includes('[') || part.includes('('))) return undefined;
    const [head, second, third, fourth] = parts;
    if (head === 'var' && second !== undefined && parts.length === 2) {
      const input = this.inputs?.get(second);
      if (input) return this.cycles.run(`var.${second}`, input);
      const variable = this.variables.get(second);
      const fallback = variable?.values.attributes(variable.block.body).get('default');
      const value = fallback ? this.cycles.run(`var.${second}`, () => this.resolveExpression(variable?.values, fallback.expression)) : undefined;
      // An empty list is a placeholder for the caller to fill (`resources = var.bucket_arns`), not an empty element.
      return value?.kind === 'seq' && value.items.length === 0 ? undefined : value;
    }
    if (head === 'local' && second !== undefined && parts.length === 2) {
      const local = this.locals.get(second);
      return local ? this.cycles.run(`local.${second}`, () => this.resolveExpression(local.values, local.expression)) : undefined;
    }
    if (head === 'path' && (second === 'module' || second === 'root' || second === 'cwd') && parts.length === 2) return text('.');
    if (head === 'data') {
      if (second === 'aws_caller_identity' && fourth === 'account_id') return text(this.assumptions.account);
      if (second === 'aws_region' && (fourth === 'name' || fourth === 'region' || fourth === 'id')) return text(this.assumptions.region);
      if (second === 'aws_partition' && fourth === 'partition') return text(this.assumptions.partition);
      if (second === 'aws_partition' && fourth === 'dns_suffix') return text('amazonaws.com');
      // A policy document data source's JSON, as a value: what a module call passes as a policy (`policy = data….json`).
      if (second === 'aws_iam_policy_document' && third !== undefined && (fourth === 'json' || fourth === 'minified_json') && parts.length === 4) {
        const data = this.data.get(`aws_iam_policy_document.${third}`);
        return data ? this.cycles.run(`data.${third}`, () => resolveValue(terraformPolicyDocument(data.values, data.block), this)) : undefined;
      }
      return undefined;
    }
    if (head === undefined || second === undefined || third === undefined || parts.length !== 3) return undefined;
    return this.resourceAttribute(head, second, third, undefined);
  }

  /** `var.buckets[0]`, `local.names["a"].arn`: an element of a variable's or local's list or map, then its members. */
  private element(head: string, name: string, path: string): Lookup {
    let value = this.getAtt(head, name);
    for (const [, index, member] of path.matchAll(/\[\s*(\d+|"[^"\\]*")\s*\]|\.([A-Za-z0-9_-]+)/g)) {
      if (typeof value !== 'object') return undefined;
      const key = member ?? (index?.startsWith('"') ? (JSON.parse(index) as string) : Number(index));
      if (value.kind === 'seq' && typeof key === 'number') value = value.items[key];
      else if (value.kind === 'map') value = value.entries.find((entry) => entry.key === String(key))?.value;
      else return undefined;
    }
    return value;
  }

  /** `aws_iam_role.app.arn`, or one instance's (`aws_iam_role.app[0].arn`, `aws_iam_role.app["a"].arn`). */
  private resourceAttribute(head: string, second: string, third: string, instance: number | string | undefined): Lookup {
    const naming = TERRAFORM_NAMING[head];
    const address = `${head}.${second}`;
    if (!naming || !this.resources.has(address)) return undefined;
    const [cloudFormationType, nameArgument] = naming;
    const binding = instance === undefined ? undefined : this.instanceOf(address, instance);
    // An instance the configuration does not create (`count = var.create ? 1 : 0` with create false) is no value.
    if (instance !== undefined && binding === undefined && !this.instances(address).unknown) return 'absent';
    const name = this.namePieces(address, nameArgument, binding);
    if (third === nameArgument || third === 'name') return { kind: 'string', pieces: name, span: { offset: 0, length: 0 }, literal: false };
    const path = this.literalArgument(address, 'path');
    return resourceValue(cloudFormationType, name, path, ATTRIBUTES[third] ?? third, this.assumptions);
  }

  /** The instances of a resource, its count/for_each resolved in this module. */
  instances(address: string): BlockInstances {
    const entry = this.resources.get(address);
    return entry ? blockInstances(entry.values, entry.block, this) : { bindings: [undefined] };
  }

  /** More than one instance: they need names of their own. */
  several(address: string): boolean {
    return this.instances(address).bindings.length > 1;
  }

  private instanceOf(address: string, instance: number | string): InstanceBinding | undefined {
    return this.instances(address).bindings.find(
      (binding) => binding !== undefined && ('index' in binding ? binding.index === instance : binding.key === instance),
    );
  }

  /**
   * The resource's name from its naming argument (in one instance's scope when it has count or for_each), or an
   * unknown (Terraform generates one, or it is computed).
   */
  namePieces(address: string, argument: string | undefined, binding?: InstanceBinding): Piece[] {
    const entry = this.resources.get(address);
    const attribute = argument && entry ? entry.values.attributes(entry.block.body).get(argument) : undefined;
    if (entry && attribute) {
      const scope = binding ? new InstanceScope(this, binding) : this;
      const value = this.cycles.run(`name:${address}${instanceSuffix(binding)}`, () => {
        const node = entry.values.expression(attribute.expression);
        return node ? resolveValue(node, scope) : undefined;
      });
      if (value?.kind === 'string') return value.pieces.map(({ sourceOffset: _elsewhere, ...piece }) => piece);
    }
    // `name_prefix = "app-"`: Terraform adds a unique suffix, so the ARN is known up to it (`role/app-*`); a model
    // names the resource by the prefix, as the user knows it, and each instance by the prefix and its key (`app-0`):
    // its references must agree.
    const prefix = entry ? this.nameArgument(entry, 'name_prefix', binding) : undefined;
    if (prefix !== undefined && this.labelPrefix !== undefined)
      return [{ text: generatedName(prefix.map((piece) => piece.text).join(''), this.several(address) ? binding : undefined) }];
    if (prefix !== undefined) return [...prefix, unknownPiece(`the generated suffix of ${address}${instanceSuffix(binding)}`)];
    if (this.labelPrefix !== undefined && entry) return [{ text: labelName(address, binding, this.labelPrefix) }];
    return [unknownPiece(`the name of ${address}${instanceSuffix(binding)}`)];
  }

  /** A resource's argument as known text pieces, in one instance's scope. */
  private nameArgument(entry: ModuleBlock, argument: string, binding: InstanceBinding | undefined): Piece[] | undefined {
    const attribute = entry.values.attributes(entry.block.body).get(argument);
    const node = entry.values.expression(attribute?.expression);
    const value = node ? resolveValue(node, binding ? new InstanceScope(this, binding) : this) : undefined;
    return value?.kind === 'string' && value.pieces.every((piece) => !piece.unknown) ? value.pieces.map((piece) => ({ text: piece.text })) : undefined;
  }

  private literalArgument(address: string, argument: string): string | undefined {
    const entry = this.resources.get(address);
    const node = entry?.values.expression(entry.values.attributes(entry.block.body).get(argument)?.expression);
    return node?.kind === 'string' ? node.value : undefined;
  }

  /**
   * The inputs a `module` call passes (every argument but the meta-arguments), each resolved here, in the caller,
   * in the scope of one instance of the call when it has count or for_each (`name = "app-${each.key}"`).
   */
  moduleInputs(call: ModuleBlock, binding?: InstanceBinding): ModuleInputs {
    const inputs = new Map<string, () => ResolvedValue | undefined>();
    const scope = binding ? new InstanceScope(this, binding) : this;
    for (const [name, attribute] of call.values.attributes(call.block.body)) {
      if (MODULE_META_ARGUMENTS.has(name)) continue;
      inputs.set(name, () =>
        this.cycles.run(`module-input:${name}:${attribute.expression?.start ?? 0}${instanceSuffix(binding)}`, () => {
          const node = call.values.expression(attribute.expression);
          return node ? resolveValue(node, scope) : undefined;
        }),
      );
    }
    return inputs;
  }

  /** A local module's folder as the call writes it (`./modules/x`, `../shared`); undefined for registry or git sources. */
  localSource(call: ModuleBlock): string | undefined {
    const node = call.values.expression(call.values.attributes(call.block.body).get('source')?.expression);
    return node?.kind === 'string' && /^\.\.?\//.test(node.value) ? node.value : undefined;
  }

  private resolveExpression(values: HclValues | undefined, expression: HclBlock['node'] | undefined): ResolvedValue | undefined {
    const node: TemplateNode | undefined = values?.expression(expression);
    return node ? resolveValue(node, this) : undefined;
  }
}

/**
 * A generated name stands as the resource's label, an instance's with its index or key (`app-0`, `app-blue`), after
 * the prefix of the module instance it is in (two calls of one module make two roles, not one).
 */
export function labelName(address: string, binding: InstanceBinding | undefined, prefix = ''): string {
  const label = address.slice(address.indexOf('.') + 1);
  return `${prefix}${binding === undefined ? label : `${label}-${'index' in binding ? binding.index : binding.key}`}`;
}

/**
 * The name a model gives a resource Terraform names from `name_prefix` (its unique suffix is known only after
 * apply): the prefix, and for one instance of several the prefix and its index or key (`app-0`, `app-blue`); the
 * caller passes no binding for a resource of one instance (`count = var.create ? 1 : 0`).
 */
export function generatedName(prefix: string, binding: InstanceBinding | undefined): string {
  return binding === undefined ? prefix : `${prefix}${'index' in binding ? binding.index : binding.key}`;
}

function text(value: string): ResolvedValue {
  return { kind: 'string', pieces: [{ text: value }], span: { offset: 0, length: 0 }, literal: false };
}

/** A provider block's `region` when it is a literal Region code and the block is the default one (no `alias`). */
function literalRegion(values: HclValues, block: HclBlock): string | undefined {
  const attributes = values.attributes(block.body);
  if (attributes.has('alias')) return undefined;
  const expression = attributes.get('region')?.expression;
  const literal = expression === undefined ? undefined : /^"([^"]*)"$/.exec(values.source(expression).trim())?.[1];
  return literal !== undefined && isRegionSyntax(literal) ? literal : undefined;
}
