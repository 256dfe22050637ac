// Checks a file as a CloudFormation/SAM template or a Terraform plan when its content says it is one
// (contracts.md §5): each embedded policy's findings, reported against the template's own lines.
import type { Catalog } from '../iam/catalog/types';
import { readTemplate, validateTemplate, type TemplateValidation } from '../iam/templates/index';
import type { DeploymentAssumptions } from '../iam/templates/index';
import type { SeverityOverrides } from '../iam/validator/validatePolicy';
import { toDiagnostics, type FileReport, type PolicyRef } from './printer';

/** The extensions a template may have; `.json` files are templates only when their content says so. */
export const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

export interface TemplateCheckOptions {
  readonly catalog: Catalog;
  readonly severities: SeverityOverrides;
  readonly assumptions?: DeploymentAssumptions;
}

/** The report of a template, or undefined when the text is not one (the caller then treats it as a policy). */
export function checkTemplateText(file: string, text: string, options: TemplateCheckOptions): FileReport | undefined {
  const document = readTemplate(text);
  if (!document) return undefined;
  const result = validateTemplate(document, { catalog: options.catalog, severities: options.severities, ...(options.assumptions ? { assumptions: options.assumptions } : {}) });
  return templateReport(file, text, document.kind === 'terraformPlan' ? 'terraformPlan' : 'cloudformation', result);
}

export function templateReport(file: string, text: string, kind: NonNullable<FileReport['template']>, result: TemplateValidation): FileReport {
  const policies: PolicyRef[] = result.policies.map(({ policy }) => ({
    label: policy.label,
    path: policy.path,
    type: policy.type,
    ...(policy.construct !== undefined ? { construct: policy.construct } : {}),
  }));
  return { file, type: 'template', template: kind, policies, diagnostics: toDiagnostics(text, result.findings) };
}
