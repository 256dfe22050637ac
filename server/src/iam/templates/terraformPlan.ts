/**
 * The JSON of a Terraform plan (`terraform show -json`): every value is resolved there, so it is the most exact
 * source of the policies a change will deploy. Policies are JSON strings in the planned values of each module.
 */
import type { ExtractedPolicies, TemplatePolicy } from './cloudFormationPolicies';
import type { Lookup, ResolveEnvironment } from './intrinsics';
import { organizationsPolicyType, TERRAFORM_POLICY_ARGUMENTS } from './terraformResources';
import { get, itemsOf, stringOf, type TemplateNode } from './templateNode';

export function terraformPlanPolicies(root: TemplateNode): ExtractedPolicies {
  const policies: TemplatePolicy[] = [];
  const visit = (module: TemplateNode | undefined, path: string, depth: number): void => {
    if (module === undefined || depth > 64) return;
    itemsOf(get(module, 'resources')).forEach((resource, index) => {
      if (stringOf(get(resource, 'mode')) === 'data') return;
      const type = stringOf(get(resource, 'type')) ?? '';
      const address = stringOf(get(resource, 'address')) ?? `${path}.resources[${index}]`;
      const values = get(resource, 'values');
      for (const argument of TERRAFORM_POLICY_ARGUMENTS[type] ?? []) {
        const node = get(values, argument.argument);
        const policyType = type === 'aws_organizations_policy' ? organizationsPolicyType(stringOf(get(values, 'type'))) : argument.type;
        if (node?.kind !== 'string' || node.value.trim() === '' || policyType === undefined) continue;
        policies.push({ node, type: policyType, label: `${argument.what} of ${address}`, path: `${address}.${argument.argument}`, resource: address });
      }
      if (type === 'aws_iam_role') {
        itemsOf(get(values, 'inline_policy')).forEach((inline, inlineIndex) => {
          const node = get(inline, 'policy');
          if (node?.kind === 'string' && node.value.trim() !== '') {
            policies.push({
              node,
              type: 'identity',
              label: `inline policy ${stringOf(get(inline, 'name')) ?? inlineIndex} of ${address}`,
              path: `${address}.inline_policy[${inlineIndex}]`,
              resource: address,
            });
          }
        });
      }
    });
    itemsOf(get(module, 'child_modules')).forEach((child, index) => visit(child, `${path}.child_modules[${index}]`, depth + 1));
  };
  visit(get(get(root, 'planned_values'), 'root_module'), 'planned_values.root_module', 0);
  return { policies, notes: [] };
}

/** A plan holds values, not expressions: nothing is left to resolve. */
export class TerraformPlanEnvironment implements ResolveEnvironment {
  ref(): Lookup {
    return undefined;
  }
  getAtt(): Lookup {
    return undefined;
  }
}
