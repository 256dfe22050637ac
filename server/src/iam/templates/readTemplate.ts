/**
 * Reads a text as a template when it is one: JSON when it starts with `{`, YAML otherwise, then the content decides
 * (see detectTemplate). Returns undefined for anything else, so callers can fall back to policy files.
 */
import { cloudFormationPolicies } from './cloudFormationPolicies';
import { CloudFormationEnvironment, DEFAULT_ASSUMPTIONS, type DeploymentAssumptions } from './cloudFormationEnvironment';
import { mayBeTemplateText, templateKindOf, type TemplateKind } from './detectTemplate';
import { readJsonTemplate } from './readJsonTemplate';
import { readYamlTemplate } from './readYamlTemplate';
import type { SourceProblem, TemplateNode } from './templateNode';
import { terraformPlanPolicies, TerraformPlanEnvironment } from './terraformPlan';
import { validateExtracted, type TemplateValidateOptions, type TemplateValidation } from './validateTemplate';

export interface TemplateDocument {
  readonly kind: TemplateKind;
  readonly syntax: 'json' | 'yaml';
  readonly root: TemplateNode;
  readonly problems: readonly SourceProblem[];
}

export function readTemplate(text: string): TemplateDocument | undefined {
  if (!mayBeTemplateText(text)) return undefined;
  const syntax = /^\s*\{/.test(text) ? 'json' : 'yaml';
  const read = syntax === 'json' ? readJsonTemplate(text) : readYamlTemplate(text);
  const kind = templateKindOf(read.root);
  if (kind === undefined || read.root === undefined) return undefined;
  return { kind, syntax, root: read.root, problems: read.problems };
}

export interface CheckTemplateOptions extends Omit<TemplateValidateOptions, 'sourceIsJson'> {
  readonly assumptions?: DeploymentAssumptions;
}

export function validateTemplate(document: TemplateDocument, options: CheckTemplateOptions): TemplateValidation {
  const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const validateOptions = { ...options, sourceIsJson: document.syntax === 'json' };
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
