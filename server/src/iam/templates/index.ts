// The templates area's front door: CloudFormation/SAM (JSON, YAML), Terraform (.tf through a grammar the edge
// loads, plan JSON), their embedded policies, validation mapped to the template's text.
export { readTemplate, validateTemplate } from './readTemplate';
export type { TemplateDocument, CheckTemplateOptions } from './readTemplate';
export { mayBeTemplateText } from '../templateText';
export { templateKindOf } from './detectTemplate';
export type { TemplateKind } from './detectTemplate';
export { DEFAULT_ASSUMPTIONS } from './cloudFormationEnvironment';
export type { DeploymentAssumptions } from './cloudFormationEnvironment';
export type { TemplatePolicy, ExtractedPolicies } from './cloudFormationPolicies';
export type { TemplateFinding, TemplateValidation, CheckedPolicy } from './validateTemplate';
export { TEMPLATE_RULES } from './templateRules';
export { localModuleLoader, readTerraformModule, validateTerraformFile } from './terraformCheck';
export type { ModuleFolders, TerraformSource, TerraformValidation } from './terraformCheck';
export type { ModuleFinding } from './terraformModuleFindings';
export type { LoadModule } from './terraformModuleWalk';
export type { TerraformModule } from './terraformModule';
export type { HclNode, HclParse } from './hclTree';
export type { ReadModuleFile } from './hclValues';
export type { BuiltModelText } from './modelJson';
export { templateModelHost } from './templateModelHost';
export type { TemplateModelHost, TerraformAccess } from './templateModelHost';
export { PolicyResultCache } from './validateTemplate';
export { exactSourceSpan, mapSpan, policyOffset } from './policyText';
export type { PolicyText } from './policyText';
