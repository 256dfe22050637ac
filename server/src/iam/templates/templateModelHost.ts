/**
 * Lets every reader of account models (simulate, who-can, test files, the editor) take a template as a model: a
 * model host that, asked for a template, answers with the account model built from it. A template names no account,
 * so a small model file can say where it is deployed:
 *
 *   { "template": "./template.yaml", "account": "111111111111", "region": "eu-west-1" }
 *
 * and a template named directly is deployed in the default assumptions (account 123456789012, us-east-1).
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { closestNames } from '../model/closestNames';
import type { ModelHost, ReadFailure, TemplateDeployment } from '../model/modelTypes';
import { DEFAULT_ASSUMPTIONS, type DeploymentAssumptions } from './cloudFormationEnvironment';
import { cloudFormationModel } from './cloudFormationModel';
import type { HclParse } from './hclTree';
import { readTemplate } from './readTemplate';
import { hclSyntaxProblems, localModuleLoader, readTerraformModule } from './terraformCheck';
import type { HclFile } from './hclValues';
import type { TerraformModule } from './terraformModule';
import type { LoadModule } from './terraformModuleWalk';
import type { SourceProblem } from './templateNode';
import { terraformModel } from './terraformModel';
import { writeModelText, type BuiltModelText } from './modelJson';
import { mayBeTerraformPath, mayNameTemplate, mayReadAsTemplateModel } from '../templateText';

const ACCOUNT = /^\d{12}$/;

/**
 * The model host, plus the files it answered with a built model: spans into those point into the built JSON, which
 * no one can open; each built text maps them back to the template's file and span (`source`), for printers.
 */
export interface TemplateModelHost extends ModelHost {
  readonly builtModels: ReadonlyMap<string, BuiltModelText>;
  readTemplateModel(path: string, deployment: TemplateDeployment): string | ReadFailure;
}

/** What reading Terraform needs from the edge: the loaded HCL grammar, and the .tf files of a folder. */
export interface TerraformAccess {
  /** The parse function once the grammar has loaded (the edge loads it before a model is read). */
  parse(): HclParse | undefined;
  /** The paths of the .tf files of a folder, or undefined when `path` is not a folder. */
  terraformFiles(path: string): readonly string[] | undefined;
}

/** @param builtModels where the models built from templates are kept (the host's `builtModels`), when the caller holds it */
export function templateModelHost(host: ModelHost, terraform?: TerraformAccess, builtModels = new Map<string, BuiltModelText>()): TemplateModelHost {
  let byName: Map<string, string> | undefined;
  const managedPolicyArn = (name: string): string | undefined => {
    byName ??= new Map((host.managedPolicies?.list?.() ?? []).map((policy) => [policy.name, policy.arn]));
    return byName.get(name);
  };
  const build = (text: string, source: string, templatePath: string, assumptions: DeploymentAssumptions): BuiltModelText | ReadFailure | undefined => {
    const document = readTemplate(text);
    // A plan holds the values Terraform resolved, not the configuration's users, roles and attachments.
    if (document?.kind === 'terraformPlan')
      return { error: 'it is a Terraform plan (terraform show -json): `check` reads its policies; as a model, give the Terraform folder it was planned from' };
    if (!document || document.kind !== 'cloudformation') return undefined;
    const broken = syntaxError(templatePath, document.problems);
    if (broken !== undefined) return broken;
    const sourceOf = (file: string): string | undefined => (file === templatePath ? text : undefined);
    return writeModelText(cloudFormationModel(document.root, assumptions, source, managedPolicyArn), templatePath, document.syntax === 'json', sourceOf);
  };
  const answer = (path: string, built: BuiltModelText): string => {
    builtModels.set(path, built);
    return built.text;
  };
  const readFile = (path: string): string | { readonly error: string } => {
    if (terraform && mayBeTerraformPath(path)) {
      const built = buildTerraform(host, terraform, path, DEFAULT_ASSUMPTIONS, false);
      if (built !== undefined) return 'error' in built ? built : answer(path, built);
    }
    const text = host.readFile(path);
    if (typeof text !== 'string' || !mayReadAsTemplateModel(path, text)) return text;
    const pointer = templatePointer(path, text);
    if (pointer && 'error' in pointer) return pointer;
    if (pointer) {
      const templatePath = host.resolve(path, pointer.template);
      const terraformBuilt =
        terraform && mayBeTerraformPath(templatePath) ? buildTerraform(host, terraform, templatePath, pointer.assumptions, pointer.regionGiven) : undefined;
      if (terraformBuilt !== undefined) return 'error' in terraformBuilt ? terraformBuilt : answer(path, terraformBuilt);
      const templateText = host.readFile(templatePath);
      if (typeof templateText !== 'string') return { error: `the template ${pointer.template} it names cannot be read: ${templateText.error}` };
      const built = build(templateText, pointer.template, templatePath, pointer.assumptions);
      if (built === undefined) return { error: `${pointer.template} is not a CloudFormation or SAM template` };
      return 'error' in built ? built : answer(path, built);
    }
    const built = build(text, path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1), path, DEFAULT_ASSUMPTIONS);
    return built === undefined ? text : 'error' in built ? built : answer(path, built);
  };
  /** An account's `templates` entry: a template or Terraform folder, deployed in the account that lists it. */
  const readTemplateModel = (path: string, deployment: TemplateDeployment): string | { readonly error: string } => {
    const assumptions: DeploymentAssumptions = {
      ...DEFAULT_ASSUMPTIONS,
      account: deployment.account,
      ...(deployment.region !== undefined ? { region: deployment.region } : {}),
    };
    if (terraform && mayBeTerraformPath(path)) {
      const built = buildTerraform(host, terraform, path, assumptions, deployment.region !== undefined);
      if (built !== undefined) return 'error' in built ? built : answer(path, built);
    }
    const text = host.readFile(path);
    if (typeof text !== 'string') return text;
    const built = build(text, path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1), path, assumptions);
    if (built === undefined) return { error: `it is not a CloudFormation or SAM template${terraform ? ', nor a folder of Terraform (.tf) files' : ''}` };
    return 'error' in built ? built : answer(path, built);
  };
  return { ...host, readFile, readTemplateModel, builtModels };
}

/**
 * Why a template with syntax errors is not read as a model: the parsers recover and read on, and a model built from
 * what they recovered answers as though the broken part said something else (a trust policy cut short still trusts).
 * Placed at the first error, in the template's file, as `templateSyntax` (as `check` reports it).
 */
function syntaxError(file: string, problems: readonly SourceProblem[]): ReadFailure | undefined {
  const first = problems[0];
  if (first === undefined) return undefined;
  return {
    error: `${first.message}; the template is not read as a model until this is mended (iam-policy-lab check lists what is wrong).`,
    at: { file, span: first.span, code: 'templateSyntax' },
  };
}

/** A Terraform folder, or one .tf file (read with the other .tf files of its folder), as a model. */
function buildTerraform(
  host: ModelHost,
  terraform: TerraformAccess,
  path: string,
  given: DeploymentAssumptions,
  /** Whether the deployment names the region; if not, the configuration's default provider block may. */
  regionGiven: boolean,
): BuiltModelText | { readonly error: string } | undefined {
  const folder = path.endsWith('.tf') ? path.slice(0, Math.max(0, path.replace(/\\/g, '/').lastIndexOf('/'))) || '.' : path;
  const files = terraform.terraformFiles(folder);
  // A folder without .tf files is no Terraform module: the plain host says what it is (a folder, not a file).
  if (files === undefined || files.length === 0) return undefined;
  const parse = terraform.parse();
  if (!parse) return { error: 'the HCL grammar for Terraform files is not loaded' };
  // Each text as this build read it: an edit is placed in the text its spans were taken from, not in a newer one.
  const texts = new Map<string, string>();
  const read = (file: string): string | undefined => {
    const text = host.readFile(file);
    if (typeof text !== 'string') return undefined;
    texts.set(file, text);
    return text;
  };
  const sources = files.flatMap((file) => {
    const text = read(file);
    return text === undefined ? [] : [{ path: file, text }];
  });
  if (sources.length === 0) return { error: `${path} holds no .tf file` };
  const readModuleFile = (from: string, relative: string): string | undefined => read(host.resolve(from, relative));
  let module = readTerraformModule(sources, parse, given, readModuleFile);
  // `provider "aws" { region = "eu-west-1" }` is where the resources are created: their ARNs name that region.
  const providerRegion = regionGiven ? undefined : module.providerRegion;
  const assumptions = providerRegion !== undefined && providerRegion !== given.region ? { ...given, region: providerRegion } : given;
  if (assumptions !== given) module = readTerraformModule(sources, parse, assumptions, readModuleFile);
  const broken = firstSyntaxError(module.files);
  if (broken !== undefined) return broken;
  // A local module (`source = "./modules/x"`): its folder's .tf files, with the inputs its caller passes.
  const loadLocalModule = localModuleLoader(
    {
      terraformFiles: (childFolder) => terraform.terraformFiles(childFolder),
      readFile: read,
      resolve: (from, relative) => host.resolve(from, relative),
    },
    parse,
    assumptions,
    readModuleFile,
  );
  // The modules the model reads are held to the same rule as the root's files: broken, they are not read.
  const called: TerraformModule[] = [];
  const loadModule: LoadModule = (...call) => {
    const loaded = loadLocalModule(...call);
    if (loaded) called.push(loaded);
    return loaded;
  };
  const model = terraformModel(module, folder, loadModule);
  const brokenModule = firstSyntaxError(called.flatMap((loaded) => loaded.files));
  if (brokenModule !== undefined) return brokenModule;
  // Every document names its own .tf file; the folder is only the fallback.
  return writeModelText(model, folder, false, (file) => texts.get(file));
}

/** The first syntax error among a Terraform configuration's files, placed in its file. */
function firstSyntaxError(files: readonly HclFile[]): ReadFailure | undefined {
  for (const file of files) {
    const broken = syntaxError(file.path, hclSyntaxProblems(file));
    if (broken !== undefined) return broken;
  }
  return undefined;
}

/** `{ "template": …, "account"?: …, "region"?: …, "partition"?: … }`, the whole of a model file that names a template. */
type TemplatePointer = { readonly template: string; readonly assumptions: DeploymentAssumptions; readonly regionGiven: boolean } | ReadFailure;

const POINTER_KEYS = ['$schema', 'description', 'template', 'account', 'region', 'partition'];

/**
 * The template a model file names and where it is deployed, or what is wrong with the file (a key it does not take,
 * an account that is not twelve digits), at its line and column: a misspelt `"acount"` silently deployed the template
 * in the default account.
 */
function templatePointer(path: string, text: string): TemplatePointer | undefined {
  if (!mayNameTemplate(text)) return undefined;
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (tree?.type !== 'object') return undefined;
  const props = new Map<string, JsonNode | undefined>();
  for (const prop of tree.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (typeof key?.value === 'string') props.set(key.value, value);
  }
  const template = props.get('template');
  if (template?.type !== 'string' || props.has('accounts') || props.has('organization')) return undefined;
  const at = (node: JsonNode, code: string) => ({ file: path, span: { offset: node.offset, length: node.length }, code });
  for (const prop of tree.children ?? []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string' && !POINTER_KEYS.includes(key.value)) {
      const meant = closestNames(key.value, POINTER_KEYS.slice(2), 1, 2)[0];
      const hint = meant !== undefined ? ` Did you mean '${meant}'?` : '';
      return {
        error: `Unknown key '${key.value}': a model file that names a template takes ${POINTER_KEYS.slice(2).join(', ')}.${hint}`,
        at: at(key, 'unknownKey'),
      };
    }
  }
  const stringProp = (key: string, valid: (value: string) => boolean, expected: string, code: string): string | ReadFailure | undefined => {
    const node = props.get(key);
    if (node === undefined) return undefined;
    return node.type === 'string' && valid(node.value as string) ? (node.value as string) : { error: `"${key}" must be ${expected}.`, at: at(node, code) };
  };
  const account = stringProp('account', (v) => ACCOUNT.test(v), 'a 12-digit account id', 'invalidAccountId');
  const region = stringProp('region', (v) => v !== '', 'a Region code', 'wrongType');
  const partition = stringProp('partition', (v) => v !== '', 'a partition (aws, aws-cn, aws-us-gov…)', 'wrongType');
  for (const value of [account, region, partition]) if (typeof value === 'object') return value;
  return {
    template: template.value as string,
    regionGiven: region !== undefined,
    assumptions: {
      account: (account as string | undefined) ?? DEFAULT_ASSUMPTIONS.account,
      region: (region as string | undefined) ?? DEFAULT_ASSUMPTIONS.region,
      partition: (partition as string | undefined) ?? DEFAULT_ASSUMPTIONS.partition,
    },
  };
}
