/**
 * Lets every reader of account models (simulate, who-can, test files, the editor) take a template as a model: a
 * model host that, asked for a template, answers with the account model built from it. A template names no account,
 * so a small model file can say where it is deployed:
 *
 *   { "template": "./template.yaml", "account": "111111111111", "region": "eu-west-1" }
 *
 * and a template named directly is deployed in the default assumptions (account 123456789012, us-east-1).
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { ModelHost } from '../model/modelTypes';
import { DEFAULT_ASSUMPTIONS, type DeploymentAssumptions } from './cloudFormationEnvironment';
import { cloudFormationModel } from './cloudFormationModel';
import { readTemplate } from './readTemplate';

const TEMPLATE_EXTENSIONS = /\.(ya?ml|template|json)$/i;
const ACCOUNT = /^\d{12}$/;

/**
 * The model host, plus the files it answered with a built model: spans into those point into the built JSON, not the
 * template, so printers show such a file without a line and column.
 */
export interface TemplateModelHost extends ModelHost {
  readonly builtModels: ReadonlySet<string>;
}

export function templateModelHost(host: ModelHost): TemplateModelHost {
  const builtModels = new Set<string>();
  let byName: Map<string, string> | undefined;
  const managedPolicyArn = (name: string): string | undefined => {
    byName ??= new Map((host.managedPolicies?.list?.() ?? []).map((policy) => [policy.name, policy.arn]));
    return byName.get(name);
  };
  const build = (text: string, source: string, assumptions: DeploymentAssumptions): string | undefined => {
    const document = readTemplate(text);
    if (!document || document.kind !== 'cloudformation') return undefined;
    return JSON.stringify(cloudFormationModel(document.root, assumptions, source, managedPolicyArn), null, 2);
  };
  const readFile = (path: string): string | { readonly error: string } => {
    const text = host.readFile(path);
    if (typeof text !== 'string' || !TEMPLATE_EXTENSIONS.test(path)) return text;
    const pointer = templatePointer(text);
    if (pointer) {
      const templatePath = host.resolve(path, pointer.template);
      const templateText = host.readFile(templatePath);
      if (typeof templateText !== 'string') return { error: `the template ${pointer.template} it names cannot be read: ${templateText.error}` };
      const built = build(templateText, pointer.template, pointer.assumptions);
      if (built === undefined) return { error: `${pointer.template} is not a CloudFormation or SAM template` };
      builtModels.add(path);
      return built;
    }
    const built = build(text, path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1), DEFAULT_ASSUMPTIONS);
    if (built === undefined) return text;
    builtModels.add(path);
    return built;
  };
  return { ...host, readFile, builtModels };
}

/** `{ "template": …, "account"?: …, "region"?: …, "partition"?: … }`, the whole of a model file that names a template. */
function templatePointer(text: string): { template: string; assumptions: DeploymentAssumptions } | undefined {
  if (!/"template"\s*:/.test(text.slice(0, 4096))) return undefined;
  const value: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  if (typeof object.template !== 'string' || 'accounts' in object || 'organization' in object) return undefined;
  const account = typeof object.account === 'string' && ACCOUNT.test(object.account) ? object.account : DEFAULT_ASSUMPTIONS.account;
  const region = typeof object.region === 'string' ? object.region : DEFAULT_ASSUMPTIONS.region;
  const partition = typeof object.partition === 'string' ? object.partition : DEFAULT_ASSUMPTIONS.partition;
  return { template: object.template, assumptions: { account, region, partition } };
}
