/**
 * Reads a text as a template when it is one: JSON when it starts with `{`, YAML otherwise, then the content decides
 * (see detectTemplate). Returns undefined for anything else, so callers can fall back to policy files.
 */
import { cloudFormationPolicies } from './cloudFormationPolicies';
import { CloudFormationEnvironment, DEFAULT_ASSUMPTIONS, type DeploymentAssumptions } from './cloudFormationEnvironment';
import { mayBeTemplateText } from '../templateText';
import { templateKindOf, type TemplateKind } from './detectTemplate';
import { readYamlTemplateFast } from './fastYamlReader';
import { readJsonTemplate } from './readJsonTemplate';
import { readYamlTemplate, type ReadResult, type YamlReuse } from './readYamlTemplate';
import { rereadYamlTemplate } from './rereadYamlTemplate';
import type { SourceProblem, TemplateNode } from './templateNode';
import { terraformPlanPolicies, TerraformPlanEnvironment } from './terraformPlan';
import { validateExtracted, type TemplateValidateOptions, type TemplateValidation } from './validateTemplate';

export interface TemplateDocument {
  readonly kind: TemplateKind;
  readonly syntax: 'json' | 'yaml';
  readonly root: TemplateNode;
  readonly problems: readonly SourceProblem[];
  /** For a YAML template, what the next version's read can take over (see rereadYamlTemplate). */
  readonly reuse?: YamlReuse;
  /** For a JSON template, its text: a literal policy in it is validated as it is written there (literalJsonPolicy.ts). */
  readonly jsonText?: string;
}

/**
 * @param previous the template as read from the previous version of the same text (an editor's document): an edit
 *   inside one resource of a YAML template then re-reads only that resource
 */
export function readTemplate(text: string, previous?: TemplateDocument): TemplateDocument | undefined {
  if (!mayBeTemplateText(text)) return undefined;
  const syntax = /^\s*\{/.test(text) ? 'json' : 'yaml';
  const read: ReadResult = syntax === 'json' ? readJsonTemplate(text) : readYaml(text, previous);
  const kind = templateKindOf(read.root);
  if (kind === undefined || read.root === undefined) return undefined;
  return {
    kind,
    syntax,
    root: read.root,
    problems: read.problems,
    ...(read.reuse ? { reuse: read.reuse } : {}),
    ...(syntax === 'json' ? { jsonText: text } : {}),
  };
}

/**
 * The previous read's nodes where an edit left them, else js-yaml's fast read, else `yaml`'s, which reads whatever
 * the fast reader leaves to it (errors among them: their messages are `yaml`'s).
 */
function readYaml(text: string, previous: TemplateDocument | undefined): ReadResult {
  const reuse = previous?.syntax === 'yaml' ? previous.reuse : undefined;
  return (reuse && rereadYamlTemplate(text, { root: previous?.root, reuse })) ?? readYamlTemplateFast(text) ?? readYamlTemplate(text);
}

export interface CheckTemplateOptions extends Omit<TemplateValidateOptions, 'sourceIsJson'> {
  readonly assumptions?: DeploymentAssumptions;
}

export function validateTemplate(document: TemplateDocument, options: CheckTemplateOptions): TemplateValidation {
  const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const validateOptions = { ...options, sourceIsJson: document.syntax === 'json', ...(document.jsonText !== undefined ? { jsonText: document.jsonText } : {}) };
  if (document.kind === 'terraformPlan') {
    return validateExtracted(terraformPlanPolicies(document.root), new TerraformPlanEnvironment(), document.problems, validateOptions);
  }
  return validateExtracted(
    cloudFormationPolicies(document.root),
    new CloudFormationEnvironment(document.root, assumptions),
    document.problems,
    validateOptions,
  );
}
