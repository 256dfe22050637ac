/**
 * The finding codes templates add beside the validator's rules, described like rules so that severities, SARIF and
 * the rules reference treat them alike. They never run on a policy: the template readers and extractors report them.
 */
import { describedCode, type Rule } from '../validator/rule';

export const TEMPLATE_RULES: readonly Rule[] = [
  describedCode('templateSyntax', 'error', 'The template itself (YAML, JSON or HCL) has a syntax error, so the policies after it may be incomplete.'),
  describedCode(
    'terraformInstancesUnknown',
    'info',
    "A Terraform module call's count or for_each is not known from the configuration: its module is read once, with count.index or each.key unknown.",
  ),
  describedCode(
    'terraformModulesNotRead',
    'info',
    'A local Terraform module beyond the bounds (5 calls deep, 64 module instances, 100 instances of one call) is not read.',
  ),
  describedCode(
    'terraformForEachList',
    'error',
    'A Terraform for_each given a list: Terraform takes only a map or a set of strings (toset(...)) and refuses the configuration.',
  ),
  describedCode('terraformNotCreated', 'info', 'A Terraform resource with count = 0 (or an empty for_each) is not created: its policies are not checked.'),
  describedCode(
    'terraformInstancesNotChecked',
    'info',
    'More policy instances (count, for_each, module instances) than one check of a file validates (2,000): the rest are not checked.',
  ),
  describedCode('samPolicyTemplateUnknown', 'info', 'A SAM policy template that this version does not expand: the permissions it grants are not checked.'),
];

/** A template code's severity unless the user's settings override it. */
export function templateRuleSeverity(code: string): Rule['defaultSeverity'] {
  return TEMPLATE_RULES.find((rule) => rule.id === code)?.defaultSeverity ?? 'info';
}
